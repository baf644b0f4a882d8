# The same meeting, but the slot is written again before it is read: the paths may be pruned.
# flags: --type socket_filter
# expect: accept
r6 = r1
r2 = *(u32 *)(r6 +0)
if r2 > 5 goto +2
*(u64 *)(r10 -8) = r6
goto +1
*(u64 *)(r10 -8) = r2
*(u64 *)(r10 -8) = r6
r3 = *(u64 *)(r10 -8)
r0 = *(u32 *)(r3 +0)
exit
