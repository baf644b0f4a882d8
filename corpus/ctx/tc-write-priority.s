# skb->priority is not writable in 4.2 or 4.3.
# flags: --type sched_cls
# expect: reject EACCES invalid bpf_context access off=32 size=4
r0 = 0
*(u32 *)(r1 +32) = r0
exit
