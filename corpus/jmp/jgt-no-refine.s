# JGT learns nothing.
# expect: accept
r0 = *(u32 *)(r1 +0)
if r0 > 0x5 goto pc+1
r0 = 1
exit
