# Atomic add into a map value.
# flags: --map hash:8:8:16
# expect: accept
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+2
r1 = 1
lock *(u64 *)(r0 +0) += r1
r0 = 0
exit
