# An Ethernet header read after `data + 14 > data_end` is ruled out.
# flags: --type xdp
# expect: accept
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
r1 = r2
r1 += 14
if r1 > r3 goto +2
r0 = *(u16 *)(r2 +12)
exit
r0 = 1
exit
