# A 1-byte read of __sk_buff.
# expect: reject EACCES invalid bpf_context access off=3 size=1
r0 = *(u8 *)(r1 +3)
exit
