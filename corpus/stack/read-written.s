# Reading back written bytes gives inv.
# expect: accept
*(u32 *)(r10 -4) = 7
r0 = *(u32 *)(r10 -4)
exit
