# A constant spilled and filled back is inv.
# expect: reject EACCES R2 type=inv expected=imm
r3 = 8
*(u64 *)(r10 -16) = r3
*(u64 *)(r10 -8) = 0
r1 = r10
r1 += -8
r2 = *(u64 *)(r10 -16)
call 6
r0 = 0
exit
