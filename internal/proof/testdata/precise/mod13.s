# x % 13 indexes a 16-byte map value: always in bounds.
# flags: --map array:4:16:1 --type socket_filter
# expect: accept
r6 = *(u32 *)(r1 +0)
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0x0 goto +4
r6 %= 13
r0 += r6
r0 = *(u8 *)(r0 +0)
exit
r0 = 0
exit
