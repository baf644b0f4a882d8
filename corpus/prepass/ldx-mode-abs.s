# An LDX with mode ABS uses reserved fields, even after exit.
# expect: reject EINVAL BPF_LDX uses reserved fields
r0 = 0
exit
.insn 0x21, 0, 1, 0, 0
