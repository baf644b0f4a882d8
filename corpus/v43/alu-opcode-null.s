# The (null) operator name in the log of an invalid ALU opcode.
# expect: reject EINVAL invalid BPF_ALU opcode f0
r0 = 0
.insn 0xf7, 0, 0, 0, 0
exit
