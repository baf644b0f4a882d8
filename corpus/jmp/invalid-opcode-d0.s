# JMP op 0xd0 with a register.
# expect: reject EINVAL invalid BPF_JMP opcode d0
r0 = 0
r1 = 0
if r0 s<= r1 goto pc+0
exit
