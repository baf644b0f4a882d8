# LD with mode MSH.
# expect: reject EINVAL invalid BPF_LD mode
.insn 0xb0, 0, 0, 0, 0
r0 = 0
exit
