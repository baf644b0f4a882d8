# An offset past the context.
# flags: --type socket_filter
# expect: reject EACCES invalid bpf_context access off=1000 size=4
r0 = *(u32 *)(r1 +1000)
exit
