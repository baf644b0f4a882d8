# LD_ABS with a source register.
# expect: reject EINVAL BPF_LD_ABS uses reserved fields
r6 = r1
.insn 0x30, 0, 2, 0, 0
exit
