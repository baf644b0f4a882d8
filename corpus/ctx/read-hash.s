# skb->hash (offset 68) exists from 4.3.
# expect: reject EACCES invalid bpf_context access off=68 size=4
# expect linux-4.3: accept
r0 = *(u32 *)(r1 +68)
exit
