# LD_ABS needs r6.
# expect: reject EACCES R6 !read_ok
r0 = *(u16 *)skb[0]
exit
