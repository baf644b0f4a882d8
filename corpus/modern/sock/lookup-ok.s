# A socket from bpf_skc_lookup_tcp, NULL-checked: its state may be read, then it is released.
# flags: --type sched_cls
# expect: accept
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
r6 = *(u32 *)(r0 +72)
r1 = r0
call 86
r0 = 0
exit
