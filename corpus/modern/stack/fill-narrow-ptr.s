# A pointer spilled in 8 bytes cannot be filled back in 4.
# flags: --type socket_filter
# expect: reject EACCES invalid size of register fill
*(u64 *)(r10 -8) = r1
r2 = *(u32 *)(r10 -8)
r0 = 0
exit
