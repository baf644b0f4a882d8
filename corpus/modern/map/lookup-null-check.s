# A map value is dereferenced only after its NULL check.
# flags: --map hash:8:16:10 --type socket_filter
# expect: accept
r1 = 0
*(u64 *)(r10 -8) = r1
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0 goto +2
r0 = *(u64 *)(r0 +8)
exit
r0 = 0
exit
