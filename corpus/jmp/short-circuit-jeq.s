# JEQ of a known constant against itself follows only the jump.
# expect: accept
r1 = 5
if r1 == 0x5 goto pc+1
r0 = *(u64 *)(r10 -8)
r0 = 0
exit
