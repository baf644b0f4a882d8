# JNE of a known constant against itself follows only the fall-through.
# expect: accept
r1 = 5
if r1 != 0x5 goto pc+2
r0 = 0
exit
r0 = *(u64 *)(r10 -8)
exit
