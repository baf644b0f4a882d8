# An ALU X op with a non-zero imm.
# expect: reject EINVAL BPF_ALU uses reserved fields
r0 = 0
.insn 0x0f, 0, 1, 0, 5
exit
