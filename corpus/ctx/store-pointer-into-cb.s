# A pointer may be stored into cb[] in 4.2.
# expect: accept
*(u32 *)(r1 +52) = r10
r0 = 0
exit
