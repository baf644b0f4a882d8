# JSET, JSGT and JSGE walk both sides.
# expect: accept
r0 = *(u32 *)(r1 +0)
if r0 & 0x1 goto pc+3
if r0 s> 0x2 goto pc+2
if r0 s>= 0x3 goto pc+1
r0 = 0
exit
