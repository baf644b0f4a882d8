# A spilled scalar keeps its bounds: a value spilled as 0..7 indexes a 16-byte stack buffer after its refill.
# flags: --type socket_filter
# expect: accept
r1 = *(u32 *)(r1 +0)
r1 &= 7
*(u64 *)(r10 -24) = r1
r1 = *(u64 *)(r10 -24)
r2 = r10
r2 += -16
r2 += r1
r0 = 0
*(u8 *)(r2 +0) = r0
exit
