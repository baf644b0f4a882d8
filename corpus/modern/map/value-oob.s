# Reading past the end of a 16-byte value.
# flags: --map hash:8:16:10 --type socket_filter
# expect: reject EACCES R0 min value is outside of the allowed memory range
r1 = 0
*(u64 *)(r10 -8) = r1
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0 goto +2
r0 = *(u64 *)(r0 +12)
exit
r0 = 0
exit
