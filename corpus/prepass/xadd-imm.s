# An XADD with a non-zero imm is caught by the pre-pass as an STX.
# expect: reject EINVAL BPF_STX uses reserved fields
r0 = 0
.insn 0xdb, 10, 0, -8, 1
exit
