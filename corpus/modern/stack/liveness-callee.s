# A callee reads its caller's slot through a pointer after the caller's paths met: the read counts.
# flags: --type socket_filter
# expect: reject EACCES R0 invalid mem access 'scalar'
r6 = r1
r2 = *(u32 *)(r6 +0)
if r2 > 5 goto +2
*(u64 *)(r10 -8) = r6
goto +1
*(u64 *)(r10 -8) = r2
r1 = r10
r1 += -8
call pc+2
r0 = 0
exit
r0 = *(u64 *)(r1 +0)
r0 = *(u32 *)(r0 +0)
exit
