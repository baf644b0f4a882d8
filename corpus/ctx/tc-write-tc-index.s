# tc actions may write skb->tc_index.
# flags: --type sched_act
# expect: accept
r0 = 0
*(u32 *)(r1 +44) = r0
exit
