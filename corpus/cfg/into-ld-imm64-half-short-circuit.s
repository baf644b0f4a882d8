# A jump into an ld_imm64's second half that the walk never takes is harmless.
# expect: accept
r0 = 0
if r0 != 0x0 goto pc+1
r1 = 0x100000001
exit
