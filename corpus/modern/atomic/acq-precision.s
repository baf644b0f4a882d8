# An offset spilled and reloaded by a load-acquire decides an access: the value behind the load-acquire must be precise, so the path with the bad offset is not pruned against the good one.
# flags: --map array:4:16:1 --type socket_filter
# expect: reject EACCES R3 min value is outside of the allowed memory range
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0 goto +18
r7 = r0
call 7
if r0 > 10 goto +8
r1 = 0
r4 = 0
r4 = 0
r4 = 0
r4 = 0
r4 = 0
r4 = 0
goto +1
r1 = 100
*(u64 *)(r10 -16) = r1
r2 = load_acquire((u64 *)(r10 -16))
r3 = r7
r3 += r2
r0 = *(u8 *)(r3 +0)
exit
r0 = 0
exit
