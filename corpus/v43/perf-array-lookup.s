# A perf_event_array passed to map_lookup_elem is rejected without a message in 4.3.
# flags: --type kprobe --map perf_event_array:4:4:8
# expect: reject EBADF fd 0 is not pointing to valid bpf_map
# expect linux-4.3: reject-silent EINVAL map of type perf_event_array cannot be passed to helper map_lookup_elem
*(u32 *)(r10 -4) = 0
r2 = r10
r2 += -4
r1 = map[0]
call 1
r0 = 0
exit
