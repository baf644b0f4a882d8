# A prog_array passed to map_lookup_elem is rejected without a message.
# flags: --map prog_array:4:4:4
# expect: reject-silent EINVAL map of type prog_array cannot be passed to helper map_lookup_elem
*(u32 *)(r10 -4) = 0
r2 = r10
r2 += -4
r1 = map[0]
call 1
r0 = 0
exit
