# perf_event_read given a hash map.
# flags: --type kprobe --map hash:8:8:16
# expect: reject EINVAL invalid func 22
# expect linux-4.3: reject-silent EINVAL map of type hash cannot be passed to helper perf_event_read
r1 = map[0]
r2 = 0
call 22
exit
