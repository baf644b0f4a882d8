# map_update_elem with a key and a value on the stack.
# flags: --map hash:8:16:10 --type socket_filter
# expect: accept
r1 = 0
*(u64 *)(r10 -8) = r1
*(u64 *)(r10 -16) = r1
*(u64 *)(r10 -24) = r1
r2 = r10
r2 += -8
r3 = r10
r3 += -24
r1 = map[0]
r4 = 0
call 2
r0 = 0
exit
