# Only 4-byte accesses are valid on __sk_buff.
# expect: reject EACCES invalid bpf_context access off=2 size=2
r0 = *(u16 *)(r1 +2)
exit
