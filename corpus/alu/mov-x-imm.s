# MOV X with a non-zero imm.
# expect: reject EINVAL BPF_MOV uses reserved fields
.insn 0xbf, 0, 1, 0, 1
exit
