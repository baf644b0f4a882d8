# An STX MEM with a non-zero imm uses reserved fields.
# expect: reject EINVAL BPF_STX uses reserved fields
.insn 0x7b, 10, 1, -8, 3
r0 = 0
exit
