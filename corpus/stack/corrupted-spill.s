# A 1-byte store into a spilled slot, then an 8-byte read.
# expect: reject EACCES corrupted spill memory
*(u64 *)(r10 -8) = r1
*(u8 *)(r10 -7) = 0
r0 = *(u64 *)(r10 -8)
exit
