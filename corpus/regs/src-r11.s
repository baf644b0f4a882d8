# A source register past r10 is invalid.
# expect: reject EINVAL R11 is invalid
r0 = 0
.insn 0xbf, 1, 11, 0, 0
exit
