# NEG with a non-zero imm.
# expect: reject EINVAL BPF_NEG uses reserved fields
r0 = 1
.insn 0x87, 0, 0, 0, 1
exit
