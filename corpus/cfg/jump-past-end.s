# A conditional jump past the last instruction.
# expect: reject EINVAL jump out of range from insn 1 to 5
r0 = 0
if r0 == 0x1 goto pc+3
exit
