# Stack contents stop pruning when the explored state had data and the current one nothing.
# expect: reject EACCES invalid read from stack off -8+0 size 8
r2 = *(u32 *)(r1 +0)
if r2 > 0x5 goto pc+1
*(u64 *)(r10 -8) = 0
r0 = *(u64 *)(r10 -8)
exit
