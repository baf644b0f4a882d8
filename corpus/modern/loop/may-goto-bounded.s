# A map-value walk bounded by may_goto and by an index check: the index is precise, every iteration is unrolled until the check fails.
# flags: --map array:4:16:1 --type socket_filter
# expect: accept
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0 goto +11
r6 = 0
r7 = 0
may_goto +7
if r6 > 15 goto +6
r1 = r0
r1 += r6
r2 = *(u8 *)(r1 +0)
r7 += r2
r6 += 1
goto -8
r0 = r7
exit
