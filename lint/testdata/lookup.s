# A lookup whose NULL result is dereferenced.
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
*(u64 *)(r0 +0) = 1
r0 = 0
exit
