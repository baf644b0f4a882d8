# LD_IND with an offset register.
# flags: --type sched_cls
# expect: accept
r6 = r1
r7 = 14
r0 = *(u32 *)skb[r7 + 0]
exit
