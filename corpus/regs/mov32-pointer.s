# A 32-bit move of a pointer gives inv.
# expect: reject EACCES R2 invalid mem access 'inv'
(bc) (u32) r2 = (u32) r1
r0 = *(u32 *)(r2 +0)
exit
