# Class 6 (BPF_RET in 2015) has no jump edge: the CFG passes and the walk rejects it.
# expect: reject EINVAL unknown insn class 6
r0 = 0
.insn 0x06, 0, 0, 5, 0
exit
