# Two paths spill different things into fp-8 and meet; the slot is read after the meeting, so the second path cannot be pruned.
# flags: --type socket_filter
# expect: reject EACCES R3 invalid mem access 'scalar'
r6 = r1
r2 = *(u32 *)(r6 +0)
if r2 > 5 goto +2
*(u64 *)(r10 -8) = r6
goto +1
*(u64 *)(r10 -8) = r2
r3 = *(u64 *)(r10 -8)
r0 = *(u32 *)(r3 +0)
exit
