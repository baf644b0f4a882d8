# LD_ABS with an offset.
# expect: reject EINVAL BPF_LD_ABS uses reserved fields
r6 = r1
.insn 0x28, 0, 0, 2, 0
exit
