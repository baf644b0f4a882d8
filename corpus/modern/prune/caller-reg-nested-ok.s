# The safe neighbour of caller-reg-nested.s: r7 lies in [0, 7] on both
# paths, so the index stays inside the 16-byte value wherever they meet.
# flags: --map hash:8:16:8 --type socket_filter
# expect: accept
r6 = r1
r7 = *(u32 *)(r6 +24)
r7 &= 7
if r7 > 4 goto +0
r1 = *(u32 *)(r6 +0)
call pc+11
*(u64 *)(r10 -8) = 0
r1 = map[0]
r2 = r10
r2 += -8
call 1
if r0 == 0x0 goto +2
r0 += r7
r1 = *(u8 *)(r0 +0)
r0 = 0
exit
r6 = r1
call pc+2
r0 = r6
exit
r0 = 0
if r1 > 5 goto +0
r0 = 1
exit
