# LD with mode MEM (classic BPF's scratch load).
# expect: reject EINVAL invalid BPF_LD mode
.insn 0x60, 0, 0, 0, 0
r0 = 0
exit
