# Only the tested register is refined; its copy stays map_value_or_null.
# flags: --map hash:8:8:16
# expect: reject EACCES R6 invalid mem access 'map_value_or_null'
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
r6 = r0
if r0 == 0x0 goto pc+2
r0 = *(u64 *)(r6 +0)
exit
r0 = 0
exit
