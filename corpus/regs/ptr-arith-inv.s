# Pointer arithmetic is allowed and gives inv.
# expect: reject EACCES R1 invalid mem access 'inv'
r1 += 4
r0 = *(u32 *)(r1 +0)
exit
