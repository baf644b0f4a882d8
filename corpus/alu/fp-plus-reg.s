# fp plus a register is inv.
# expect: reject EACCES R2 invalid mem access 'inv'
r1 = -8
r2 = r10
r2 += r1
*(u64 *)(r2 +0) = 0
r0 = 0
exit
