# Code after an exit that nothing jumps to.
# expect: reject EINVAL unreachable insn 2
r0 = 0
exit
r0 = 1
exit
