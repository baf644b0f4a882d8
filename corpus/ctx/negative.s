# A negative context offset.
# expect: reject EACCES invalid bpf_context access off=-4 size=4
r0 = *(u32 *)(r1 -4)
exit
