# An ALU K op with a source register.
# expect: reject EINVAL BPF_ALU uses reserved fields
r0 = 0
.insn 0x07, 0, 1, 0, 5
exit
