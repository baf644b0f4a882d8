# A 64-bit move copies the ctx type.
# expect: accept
r2 = r1
r0 = *(u32 *)(r2 +0)
exit
