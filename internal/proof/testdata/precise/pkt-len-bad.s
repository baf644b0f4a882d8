# A length of 13 does not cover byte 13.
# flags: --type sched_cls
# expect: reject
r2 = *(u32 *)(r1 +76)
r3 = *(u32 *)(r1 +80)
r4 = r3
r4 -= r2
if r4 < 0xd goto +2
r0 = *(u8 *)(r2 +13)
exit
r0 = 0
exit
