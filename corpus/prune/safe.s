# Two paths reaching a pruning point with equal states: the second is pruned.
# expect: accept
r0 = *(u32 *)(r1 +0)
if r0 > 0x5 goto pc+1
r0 += 1
r2 = 2
exit
