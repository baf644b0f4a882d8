# A conditional jump with a register and a non-zero imm.
# expect: reject EINVAL BPF_JMP uses reserved fields
r0 = 0
.insn 0x1d, 0, 1, 0, 3
exit
