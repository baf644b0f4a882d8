# MOV K with a source register.
# expect: reject EINVAL BPF_MOV uses reserved fields
.insn 0xb7, 0, 1, 0, 1
exit
