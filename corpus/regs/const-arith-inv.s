# No constant folding: r1 = 1; r1 += 2 is inv.
# expect: reject EACCES R2 type=inv expected=imm
*(u64 *)(r10 -8) = 0
r1 = r10
r1 += -8
r2 = 4
r2 += 4
call 6
r0 = 0
exit
