# LD_IND reads its offset register.
# expect: reject EACCES R2 !read_ok
r6 = r1
r0 = *(u8 *)skb[r2 + 0]
exit
