# JEQ against a constant makes any register that constant on the taken side.
# expect: reject EACCES R1 invalid mem access 'imm'
if r1 == 0x0 goto pc+2
r0 = *(u32 *)(r1 +0)
exit
r0 = *(u32 *)(r1 +0)
exit
