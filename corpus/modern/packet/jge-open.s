# `data + 14 >= data_end` false proves 15 bytes.
# flags: --type sched_cls
# expect: accept
r2 = *(u32 *)(r1 +76)
r3 = *(u32 *)(r1 +80)
r1 = r2
r1 += 14
if r1 >= r3 goto +2
r0 = *(u8 *)(r2 +14)
exit
r0 = 0
exit
