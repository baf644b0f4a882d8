# An ld_imm64 followed by a real instruction instead of its second half.
# expect: reject EINVAL invalid bpf_ld_imm64 insn
.insn 0x18, 0, 0, 0, 1
exit
