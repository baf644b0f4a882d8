# r1 = 5; if r1 == 6 walks both sides, and the branch makes r1 imm6.
# expect: reject EACCES invalid read from stack off -8+0 size 8
r1 = 5
if r1 == 0x6 goto pc+2
r0 = 0
exit
r0 = *(u64 *)(r10 -8)
exit
