# LD_ABS with a destination register.
# expect: reject EINVAL BPF_LD_ABS uses reserved fields
r6 = r1
.insn 0x30, 1, 0, 0, 0
exit
