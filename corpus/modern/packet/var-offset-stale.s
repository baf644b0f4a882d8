# After adding a variable offset the old range no longer applies.
# flags: --type xdp
# expect: reject EACCES R2 offset is outside of the packet
# precise: accept (the offset is at most 3, the access stays inside the 8 checked bytes)
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
r4 = r2
r4 += 8
if r4 > r3 goto +4
r5 = *(u8 *)(r2 +0)
r5 &= 3
r2 += r5
r0 = *(u8 *)(r2 +0)
r0 = 1
exit
