# A loop: the backward jump reaches an instruction on the DFS path.
# expect: reject EINVAL back-edge from insn 3 to 1
r0 = 0
r0 += 1
if r0 > 0x5 goto pc+1
goto pc-3
exit
