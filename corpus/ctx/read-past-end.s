# Reading past struct __sk_buff.
# expect: reject EACCES invalid bpf_context access off=72 size=4
r0 = *(u32 *)(r1 +72)
exit
