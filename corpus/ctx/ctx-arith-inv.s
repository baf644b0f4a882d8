# ctx plus a constant is inv.
# expect: reject EACCES R1 invalid mem access 'inv'
r1 += 48
r0 = *(u32 *)(r1 +0)
exit
