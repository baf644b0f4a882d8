# XADD of one byte uses reserved fields.
# expect: reject EINVAL BPF_XADD uses reserved fields
*(u64 *)(r10 -8) = 0
r0 = 1
.insn 0xd3, 10, 0, -8, 0
exit
