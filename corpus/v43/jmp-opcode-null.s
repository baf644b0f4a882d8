# The (null) operator name in the log of an invalid JMP opcode.
# expect: reject EINVAL invalid BPF_JMP opcode e0
r0 = 0
.insn 0xe5, 0, 0, 0, 0
exit
