# XADD on initialised stack.
# expect: accept
*(u64 *)(r10 -8) = 0
r0 = 1
lock *(u64 *)(r10 -8) += r0
exit
