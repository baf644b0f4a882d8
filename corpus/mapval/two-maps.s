# Lookups in two maps, each bounded by its own value size.
# flags: --map hash:8:8:16 --map array:4:32:4
# expect: reject EACCES invalid access to map value, value_size=8 off=24 size=8
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[1]
call 1
if r0 == 0x0 goto pc+1
r6 = *(u64 *)(r0 +24)
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+1
r6 = *(u64 *)(r0 +24)
r0 = 0
exit
