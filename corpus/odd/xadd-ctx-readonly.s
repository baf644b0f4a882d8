# XADD into a read-only ctx field fails the write check.
# expect: reject EACCES invalid bpf_context access off=0 size=4
r0 = 1
lock *(u32 *)(r1 +0) += r0
exit
