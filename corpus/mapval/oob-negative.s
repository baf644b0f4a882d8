# A read before the value.
# flags: --map hash:8:8:16
# expect: reject EACCES invalid access to map value, value_size=8 off=-8 size=8
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+1
r0 = *(u64 *)(r0 -8)
exit
