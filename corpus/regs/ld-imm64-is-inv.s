# A 64-bit constant load gives inv, not imm.
# expect: reject EACCES R2 type=inv expected=imm
*(u64 *)(r10 -8) = 0
r1 = r10
r1 += -8
r2 = 0x8 ll
call 6
r0 = 0
exit
