# cb[5] does not exist.
# expect: reject EACCES invalid bpf_context access off=68 size=4
r0 = 0
*(u32 *)(r1 +68) = r0
exit
