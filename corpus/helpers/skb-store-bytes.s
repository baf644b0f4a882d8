# skb_store_bytes from tc.
# flags: --type sched_cls
# expect: accept
*(u32 *)(r10 -4) = 0
r2 = 12
r3 = r10
r3 += -4
r4 = 4
r5 = 0
call 9
exit
