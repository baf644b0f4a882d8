# An atomic add to a map value at a misaligned offset.
# flags: --map array:4:16:1 --type socket_filter
# expect: reject EACCES misaligned value access off 0+0+4 size 8
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0 goto +2
r1 = 1
lock *(u64 *)(r0 +4) += r1
r0 = 0
exit
