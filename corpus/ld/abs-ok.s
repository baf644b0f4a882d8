# LD_ABS with the context in r6.
# expect: accept
r6 = r1
r0 = *(u8 *)skb[12]
exit
