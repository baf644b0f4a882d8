# The socket of sk-lookup-release.s is never released.
# flags: --type sched_cls
# expect: reject EINVAL BPF_EXIT instruction in main prog would lead to reference leak
r2 = 0
*(u64 *)(r10 -8) = r2
*(u32 *)(r10 -12) = r2
r2 = r10
r2 += -12
r3 = 12
r4 = -1
r5 = 0
call 84
r0 = 0
exit
