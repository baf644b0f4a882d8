# LD IMM of size W (code 0x00).
# expect: reject EINVAL invalid BPF_LD_IMM insn
.insn 0x00, 0, 0, 0, 0
r0 = 0
exit
