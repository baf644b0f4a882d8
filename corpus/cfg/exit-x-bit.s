# EXIT with the X bit has no successors in check_cfg and is rejected by the walk.
# expect: reject EINVAL BPF_EXIT uses reserved fields
r0 = 0
.insn 0x9d, 0, 0, 0, 0
