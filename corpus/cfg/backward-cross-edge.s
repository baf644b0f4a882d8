# A backward jump to an explored instruction is a cross edge and is accepted.
# expect: accept
r0 = 0
if r0 == 0x1 goto pc+2
r0 = 1
exit
r0 = 2
goto pc-3
