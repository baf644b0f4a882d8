# may_goto with a nonzero imm is not a valid instruction.
# flags: --type socket_filter
# expect: reject EINVAL invalid may_goto imm 1
.insn 0xe5, 0, 0, 1, 1
r0 = 0
exit
