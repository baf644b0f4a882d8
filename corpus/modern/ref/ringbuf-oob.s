# A write past the end of a 16-byte ringbuf record.
# flags: --map ringbuf:0:0:4096 --type socket_filter
# expect: reject EACCES R0 min value is outside of the allowed memory range
r1 = map[0]
r2 = 16
r3 = 0
call 131
if r0 == 0 goto +5
r1 = 7
*(u64 *)(r0 +9) = r1
r1 = r0
r2 = 0
call 132
r0 = 0
exit
