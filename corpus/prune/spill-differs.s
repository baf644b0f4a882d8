# Spilled registers must be equal for pruning.
# expect: accept
r2 = *(u32 *)(r1 +0)
*(u64 *)(r10 -8) = r1
if r2 > 0x1 goto pc+3
r3 = r10
r3 += -16
*(u64 *)(r10 -8) = r3
r0 = 0
exit
