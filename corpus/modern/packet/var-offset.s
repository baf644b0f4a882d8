# A variable header length added to the packet pointer, then checked.
# flags: --type xdp
# expect: accept
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
r4 = r2
r4 += 1
if r4 > r3 goto +9
r5 = *(u8 *)(r2 +0)
r5 &= 15
r5 <<= 2
r2 += r5
r4 = r2
r4 += 4
if r4 > r3 goto +2
r0 = *(u32 *)(r2 +0)
exit
r0 = 1
exit
