# An explored constant does not cover inv: not pruned.
# expect: accept
r2 = *(u32 *)(r1 +0)
if r2 > 0x5 goto pc+2
r2 = 7
goto pc+0
r0 = 0
exit
