# The instruction after a JA is a pruning point.
# expect: accept
r0 = *(u32 *)(r1 +0)
if r0 > 0x1 goto pc+1
goto pc+1
exit
r0 = 0
exit
