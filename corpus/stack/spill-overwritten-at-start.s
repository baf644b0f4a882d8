# A 1-byte store at a spill's first byte makes it data: the 1-byte read works.
# expect: accept
*(u64 *)(r10 -8) = r1
*(u8 *)(r10 -8) = 0
r0 = *(u8 *)(r10 -8)
exit
