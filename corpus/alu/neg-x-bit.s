# NEG with the X bit.
# expect: reject EINVAL BPF_NEG uses reserved fields
r0 = 1
.insn 0x8f, 0, 0, 0, 0
exit
