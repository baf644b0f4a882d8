# map_delete_elem.
# flags: --map hash:8:8:16
# expect: accept
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 3
exit
