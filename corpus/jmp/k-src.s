# A conditional jump with an immediate and a source register.
# expect: reject EINVAL BPF_JMP uses reserved fields
r0 = 0
.insn 0x15, 0, 1, 0, 3
exit
