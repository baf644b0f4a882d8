# tc programs may write the packet in the proven range.
# flags: --type sched_cls
# expect: accept
r2 = *(u32 *)(r1 +76)
r3 = *(u32 *)(r1 +80)
r1 = r2
r1 += 2
if r1 > r3 goto +2
r0 = 0
*(u16 *)(r2 +0) = r0
r0 = 0
exit
