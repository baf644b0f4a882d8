# A number minus a packet pointer in 32 bits, as cilium computes an offset:
# privileged, the kernel makes it an unknown number before it would refuse
# scalar -= pointer (its 32-bit check comes first), so the program is fine.
# flags: --type sched_cls
# expect: accept
r2 = *(u32 *)(r1 +76)
r3 = *(u32 *)(r1 +80)
w4 = w3
w4 -= w2
r0 = r4
r0 &= 1
exit
