# A backward jump to an explored instruction whose target is the pruning point after a JA.
# expect: accept
r0 = 0
if r0 == 0x1 goto pc+3
goto pc+1
exit
exit
goto pc-3
