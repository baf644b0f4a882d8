# LD_ABS keeps r6-r9.
# expect: accept
r6 = r1
r7 = 3
r0 = *(u8 *)skb[0]
r0 = r7
exit
