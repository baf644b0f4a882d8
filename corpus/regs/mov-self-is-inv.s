# r1 = r1 marks the destination before copying, so ctx becomes inv.
# expect: reject EACCES R1 invalid mem access 'inv'
r1 = r1
r0 = *(u32 *)(r1 +0)
exit
