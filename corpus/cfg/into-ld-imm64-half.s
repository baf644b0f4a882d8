# A jump into the second half of an ld_imm64 executes code 0.
# expect: reject EINVAL invalid BPF_LD_IMM insn
r0 = 0
if r0 == 0x1 goto pc+1
r1 = 0x100000001
exit
