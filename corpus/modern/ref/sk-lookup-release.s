# A TCP socket looked up from a zeroed IPv4 tuple on the stack and released when found.
# flags: --type sched_cls
# expect: accept
r2 = 0
*(u64 *)(r10 -8) = r2
*(u32 *)(r10 -12) = r2
r2 = r10
r2 += -12
r3 = 12
r4 = -1
r5 = 0
call 84
if r0 == 0 goto +2
r1 = r0
call 86
r0 = 0
exit
