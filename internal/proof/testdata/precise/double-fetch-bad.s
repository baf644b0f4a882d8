# A map value byte checked, then read again: another CPU may have changed it.
# flags: --map array:4:16:1 --type socket_filter
# expect: reject
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0x0 goto +6
r6 = *(u8 *)(r0 +0)
if r6 > 0xf goto +4
r7 = *(u8 *)(r0 +0)
r0 += r7
r0 = *(u8 *)(r0 +0)
exit
r0 = 0
exit
