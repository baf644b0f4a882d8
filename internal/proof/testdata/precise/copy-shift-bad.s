# A bound of 16 on the copy lets the original index byte 16.
# flags: --map array:4:16:1 --type socket_filter
# expect: reject
r6 = *(u32 *)(r1 +0)
r7 = r6
r7 <<= 32
r7 s>>= 32
if r7 > 0x10 goto +11
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0x0 goto +3
r0 += r6
r0 = *(u8 *)(r0 +0)
exit
r0 = 0
exit
