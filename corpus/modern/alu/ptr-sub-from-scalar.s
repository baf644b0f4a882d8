# The same in 64 bits: a number minus a packet pointer is refused.
# flags: --type sched_cls
# expect: reject EACCES R4 tried to subtract pointer from scalar
r2 = *(u32 *)(r1 +76)
r3 = *(u32 *)(r1 +80)
r4 = 100
r4 -= r2
r0 = 0
exit
