# Only the non-NULL branch may dereference: the NULL side is imm0.
# flags: --map hash:8:8:16
# expect: reject EACCES R0 invalid mem access 'imm'
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+2
*(u64 *)(r0 +0) = 0
exit
*(u64 *)(r0 +0) = 1
exit
