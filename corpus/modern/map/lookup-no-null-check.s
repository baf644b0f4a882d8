# Dereferencing the lookup's result before the NULL check.
# flags: --map hash:8:16:10 --type socket_filter
# expect: reject EACCES R0 invalid mem access 'map_value_or_null'
r1 = 0
*(u64 *)(r10 -8) = r1
r2 = r10
r2 += -8
r1 = map[0]
call 1
r0 = *(u64 *)(r0 +0)
exit
