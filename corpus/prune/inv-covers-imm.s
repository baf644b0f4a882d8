# An explored inv register covers a constant: pruned.
# expect: accept
r2 = *(u32 *)(r1 +0)
if r2 > 0x5 goto pc+1
r2 = 7
r0 = 0
exit
