# A NULL check's imm0 keeps the map address's upper half, so it never equals a plain imm0.
# flags: --map hash:8:8:16
# expect: accept
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+2
r0 = 0
goto pc+0
exit
