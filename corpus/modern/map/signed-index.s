# A 64-bit number may be negative: math with an unbounded minimum is refused.
# flags: --map array:4:64:4 --type socket_filter
# expect: reject EINVAL math between map_value pointer and register with unbounded min value is not allowed
r6 = *(u64 *)(r10 -16)
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0 goto +3
r0 += r6
r0 = *(u8 *)(r0 +0)
exit
r0 = 0
exit
