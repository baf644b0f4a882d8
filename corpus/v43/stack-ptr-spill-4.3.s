# 4.3 spills through fp-N and fills back the pointer.
# expect: reject EACCES R2 invalid mem access 'fp'
# expect linux-4.3: accept
r2 = r10
r2 += -16
*(u64 *)(r2 +8) = r1
r3 = *(u64 *)(r10 -8)
r0 = *(u32 *)(r3 +0)
exit
