# A jump comparing r15.
# expect: reject EINVAL R15 is invalid
r0 = 0
.insn 0x15, 15, 0, 0, 0
exit
