# A store-release into the packet, checked in bounds first and refused for its type.
# flags: --type sched_cls
# expect: reject EACCES BPF_ATOMIC stores into R2 pkt is not allowed
r2 = *(u32 *)(r1 +76)
r3 = *(u32 *)(r1 +80)
r4 = r2
r4 += 8
if r4 > r3 goto +2
r1 = 0
store_release((u32 *)(r2 +2), r1)
r0 = 0
exit
