# An 8-byte read of __sk_buff.
# expect: reject EACCES invalid bpf_context access off=0 size=8
r0 = *(u64 *)(r1 +0)
exit
