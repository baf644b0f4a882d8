# perf_event_read (22) with a perf_event_array in kprobes.
# flags: --type kprobe --map perf_event_array:4:4:8
# expect: reject EBADF fd 0 is not pointing to valid bpf_map
# expect linux-4.3: accept
r1 = map[0]
r2 = 0
call 22
exit
