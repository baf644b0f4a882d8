# LD_ABS makes r1-r5 unreadable.
# expect: reject EACCES R1 !read_ok
r6 = r1
r0 = *(u8 *)skb[0]
r0 = *(u32 *)(r1 +0)
exit
