# A destination register past r10 is invalid.
# expect: reject EINVAL R12 is invalid
.insn 0xb7, 12, 0, 0, 1
r0 = 0
exit
