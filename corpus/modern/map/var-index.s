# A value indexed by a number bounded by a comparison.
# flags: --map array:4:64:4 --type socket_filter
# expect: accept
r6 = *(u32 *)(r1 +0)
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0 goto +4
if r6 > 56 goto +3
r0 += r6
r0 = *(u64 *)(r0 +0)
exit
r0 = 0
exit
