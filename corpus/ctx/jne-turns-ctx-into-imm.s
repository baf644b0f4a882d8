# JNE against a constant makes the fall-through side that constant.
# expect: reject EACCES R1 invalid mem access 'imm'
if r1 != 0x5 goto pc+2
r0 = *(u32 *)(r1 +0)
exit
r0 = *(u32 *)(r1 +0)
exit
