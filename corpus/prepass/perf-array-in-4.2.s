# perf_event_array maps exist only from 4.3.
# flags: --map perf_event_array:4:4:4 --type kprobe
# expect: reject EBADF fd 0 is not pointing to valid bpf_map
# expect linux-4.3: accept
r1 = map[0]
r0 = 0
exit
