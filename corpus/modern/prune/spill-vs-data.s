# After two paths join, a slot holds the spilled number 4 on one and data on the
# other; nothing needs the number exactly, so the second path is pruned at the join.
# flags: --type socket_filter
# expect: accept
r6 = r1
r0 = 0
r1 = *(u32 *)(r6 +0)
if r1 > 100 goto +3
r2 = 4
*(u64 *)(r10 -8) = r2
goto +2
*(u32 *)(r10 -8) = r1
*(u32 *)(r10 -4) = r1
r3 = *(u64 *)(r10 -8)
r0 = r3
r0 &= 1
exit
