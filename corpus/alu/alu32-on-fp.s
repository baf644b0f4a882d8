# 32-bit add on the frame pointer copy gives inv.
# expect: reject EACCES R1 invalid mem access 'inv'
r1 = r10
(04) (u32) r1 += (u32) -8
*(u64 *)(r1 +0) = 0
r0 = 0
exit
