# ALU op 0xe0 does not exist; the log prints its name as (null).
# expect: reject EINVAL invalid BPF_ALU opcode e0
r0 = 0
.insn 0xe7, 0, 0, 0, 1
exit
