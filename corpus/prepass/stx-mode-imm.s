# An STX with mode IMM uses reserved fields.
# expect: reject EINVAL BPF_STX uses reserved fields
.insn 0x03, 10, 1, -8, 0
r0 = 0
exit
