# A fp-N pointer spills and fills back as fp-N.
# expect: accept
*(u64 *)(r10 -16) = 0
r1 = r10
r1 += -16
*(u64 *)(r10 -8) = r1
r1 = *(u64 *)(r10 -8)
r2 = 8
call 6
r0 = 0
exit
