# Stack accesses must be aligned to their size.
# flags: --type socket_filter
# expect: reject EACCES misaligned stack access off 0+0+-12 size 8
r0 = 0
*(u64 *)(r10 -12) = r0
exit
