# Dereferencing a lookup result before its NULL check.
# flags: --map hash:8:8:16
# expect: reject EACCES R0 invalid mem access 'map_value_or_null'
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
r0 = *(u64 *)(r0 +0)
exit
