# Callee-saved r6 keeps a map value across a call.
# flags: --map hash:8:8:16
# expect: accept
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+4
r6 = r0
call 7
r0 = *(u64 *)(r6 +0)
exit
r0 = 0
exit
