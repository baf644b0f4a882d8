# tc programs may write skb->mark.
# flags: --type sched_cls
# expect: accept
r0 = 0
*(u32 *)(r1 +8) = r0
exit
