# An ld_imm64 with an offset.
# expect: reject EINVAL BPF_LD_IMM64 uses reserved fields
.insn 0x18, 0, 0, 1, 1
.insn 0x00, 0, 0, 0, 0
exit
