# An LDX with a non-zero imm uses reserved fields.
# expect: reject EINVAL BPF_LDX uses reserved fields
.insn 0x61, 0, 1, 0, 7
exit
