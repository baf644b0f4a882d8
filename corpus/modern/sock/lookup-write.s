# A socket is read-only.
# flags: --type sched_cls
# expect: reject EACCES R0 cannot write into sock_common
r2 = 0
*(u64 *)(r10 -16) = r2
*(u32 *)(r10 -8) = r2
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
r6 = 0
call 99
if r0 == 0 goto +3
*(u32 *)(r0 +72) = r6
r1 = r0
call 86
r0 = 0
exit
