# A goto before the first instruction.
# expect: reject EINVAL jump out of range from insn 1 to -1
r0 = 0
goto pc-3
exit
