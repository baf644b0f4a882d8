# The last instruction is not an exit: the walk would fall off the end.
# expect: reject EINVAL jump out of range from insn 0 to 1
r0 = 0
