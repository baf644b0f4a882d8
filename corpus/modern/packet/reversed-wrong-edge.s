# The range holds on the other edge only.
# flags: --type xdp
# expect: reject EACCES R2 offset is outside of the packet
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
r1 = r2
r1 += 34
if r3 >= r1 goto +2
r0 = *(u32 *)(r2 +30)
exit
r0 = 1
exit
