# The record of ringbuf-submit.s is dropped on one path: a reference leak.
# flags: --map ringbuf:0:0:4096 --type socket_filter
# expect: reject EINVAL BPF_EXIT instruction in main prog would lead to reference leak
r6 = *(u32 *)(r1 +0)
r1 = map[0]
r2 = 16
r3 = 0
call 131
if r0 == 0 goto +6
if r6 > 100 goto +5
r1 = 7
*(u64 *)(r0 +8) = r1
r1 = r0
r2 = 0
call 132
r0 = 0
exit
