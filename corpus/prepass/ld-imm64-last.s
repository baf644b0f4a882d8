# An ld_imm64 in the last slot has no second half.
# expect: reject EINVAL invalid bpf_ld_imm64 insn
r0 = 0
exit
.insn 0x18, 0, 0, 0, 1
