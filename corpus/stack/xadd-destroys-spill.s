# XADD turns a spilled pointer into data.
# expect: reject EACCES R2 invalid mem access 'inv'
*(u64 *)(r10 -8) = r1
r0 = 1
lock *(u64 *)(r10 -8) += r0
r2 = *(u64 *)(r10 -8)
r0 = *(u32 *)(r2 +0)
exit
