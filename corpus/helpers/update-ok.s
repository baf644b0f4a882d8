# map_update_elem with key and value on the stack.
# flags: --map hash:8:8:16
# expect: accept
*(u64 *)(r10 -8) = 0
*(u64 *)(r10 -16) = 1
r2 = r10
r2 += -8
r3 = r10
r3 += -16
r1 = map[0]
r4 = 0
call 2
exit
