# A socket filter cannot read the packet directly: __sk_buff's data is not its field.
# flags: --type socket_filter
# expect: reject EACCES invalid bpf_context access off=76 size=4
r2 = *(u32 *)(r1 +76)
r0 = 0
exit
