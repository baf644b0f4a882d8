# After two paths join, a slot holds the spilled number 4 on one and data on the
# other; the filled value is a helper size, so the data path is explored too and refused.
# flags: --type socket_filter
# expect: reject EACCES R4 min value is negative, either use unsigned or 'var &= const'
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
r1 = r6
r2 = 0
r4 = r3
r3 = r10
r3 += -16
call 26
r0 = 0
exit
