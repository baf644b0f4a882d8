# A bpf-to-bpf call (src_reg 1) uses reserved fields in 2015.
# expect: reject EINVAL BPF_CALL uses reserved fields
r0 = 0
.insn 0x85, 0, 1, 0, 0
exit
