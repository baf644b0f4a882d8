# ALU32 op 0xf0 with a register.
# expect: reject EINVAL invalid BPF_ALU opcode f0
r0 = 0
.insn 0xfc, 0, 1, 0, 0
exit
