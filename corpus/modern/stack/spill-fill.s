# A spilled pointer keeps its type: fill the ctx pointer back and read through it.
# flags: --type socket_filter
# expect: accept
*(u64 *)(r10 -8) = r1
r2 = *(u64 *)(r10 -8)
r0 = *(u32 *)(r2 +0)
exit
