# END with width 8.
# expect: reject EINVAL BPF_END uses reserved fields
r0 = 1
.insn 0xd4, 0, 0, 0, 8
exit
