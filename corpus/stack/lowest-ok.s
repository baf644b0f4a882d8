# The lowest stack byte is usable.
# expect: accept
*(u64 *)(r10 -512) = 0
r0 = *(u8 *)(r10 -512)
exit
