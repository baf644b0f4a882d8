# A conditional jump back to itself's predecessor.
# expect: reject EINVAL back-edge from insn 2 to 1
r0 = 0
r1 = 1
if r1 == 0x0 goto pc-2
exit
