# An ld_imm64 whose second half names a register.
# expect: reject EINVAL invalid bpf_ld_imm64 insn
.insn 0x18, 0, 0, 0, 1
.insn 0x00, 2, 0, 0, 0
exit
