# The lowest unreachable instruction is named.
# expect: reject EINVAL unreachable insn 2
r0 = 0
goto pc+2
r0 = 1
r0 = 2
exit
