# A 32-bit comparison bounds a zero-extended number used as a stack index.
# flags: --type socket_filter
# expect: accept
r2 = *(u32 *)(r1 +0)
if w2 > 7 goto +5
r3 = r10
r3 += -8
r3 += r2
r0 = *(u8 *)(r3 +0)
exit
r0 = 0
exit
