# A map value pointer spills and fills with its map.
# flags: --map hash:8:8:16
# expect: accept
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+3
*(u64 *)(r10 -16) = r0
r1 = *(u64 *)(r10 -16)
*(u64 *)(r1 +0) = 1
r0 = 0
exit
