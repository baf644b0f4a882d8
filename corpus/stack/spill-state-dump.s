# The state dump lists spilled slots.
# expect: accept
*(u64 *)(r10 -8) = r1
r2 = r10
r2 += -8
*(u64 *)(r10 -16) = r2
if r1 == 0x0 goto pc+0
r0 = 0
exit
