# Reading byte 14 when only 14 bytes are proven.
# flags: --type xdp
# expect: reject EACCES R2 offset is outside of the packet
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
r1 = r2
r1 += 14
if r1 > r3 goto +2
r0 = *(u8 *)(r2 +14)
exit
r0 = 1
exit
