# JMP32 (class 6) is BPF_RET in 2015.
# expect: reject EINVAL unknown insn class 6
r0 = 0
if w0 == 0x0 goto pc+0
exit
