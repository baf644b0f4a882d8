# A packet read with no comparison against data_end.
# flags: --type xdp
# expect: reject EACCES R2 offset is outside of the packet
r2 = *(u32 *)(r1 +0)
r0 = *(u8 *)(r2 +0)
exit
