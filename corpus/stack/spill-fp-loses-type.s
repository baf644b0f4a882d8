# R10 itself is not spilled as a pointer: filled back it is inv.
# expect: reject EACCES R2 invalid mem access 'inv'
*(u64 *)(r10 -8) = r10
r2 = *(u64 *)(r10 -8)
r0 = *(u64 *)(r2 -16)
exit
