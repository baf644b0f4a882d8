# The socket is read after its release.
# flags: --type sched_cls
# expect: reject EACCES R6 invalid mem access 'scalar'
r2 = 0
*(u64 *)(r10 -8) = r2
*(u32 *)(r10 -12) = r2
r2 = r10
r2 += -12
r3 = 12
r4 = -1
r5 = 0
call 84
if r0 == 0 goto +4
r6 = r0
r1 = r0
call 86
r0 = *(u32 *)(r6 +0)
r0 = 0
exit
