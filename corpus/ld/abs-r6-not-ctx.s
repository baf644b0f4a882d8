# LD_ABS needs the context in r6.
# expect: reject EINVAL at the time of BPF_LD_ABS|IND R6 != pointer to skb
r6 = r10
r0 = *(u16 *)skb[0]
exit
