# An ld_imm64 whose second half has an offset.
# expect: reject EINVAL invalid bpf_ld_imm64 insn
.insn 0x18, 0, 0, 0, 1
.insn 0x00, 0, 0, 1, 0
exit
