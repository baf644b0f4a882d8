# JA with a non-zero imm.
# expect: reject EINVAL BPF_JA uses reserved fields
r0 = 0
.insn 0x05, 0, 0, 0, 1
exit
