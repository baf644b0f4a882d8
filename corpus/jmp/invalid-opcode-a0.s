# JMP op 0xa0 (JLT, from 2017) is invalid in 2015.
# expect: reject EINVAL invalid BPF_JMP opcode a0
r0 = 0
if r0 < 0x1 goto pc+0
exit
