# Storing a pointer into a map value is allowed in 4.2.
# flags: --map hash:8:8:16
# expect: accept
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+1
*(u64 *)(r0 +0) = r10
r0 = 0
exit
