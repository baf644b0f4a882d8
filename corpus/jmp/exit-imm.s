# EXIT with a non-zero imm.
# expect: reject EINVAL BPF_EXIT uses reserved fields
r0 = 0
.insn 0x95, 0, 0, 0, 1
