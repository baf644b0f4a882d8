# Reading 4 bytes of a spilled pointer.
# expect: reject EACCES invalid size of register spill
*(u64 *)(r10 -8) = r1
r0 = *(u32 *)(r10 -8)
exit
