# Bounded to 8, one too many for an 8-byte buffer at fp-8.
# flags: --type socket_filter
# expect: reject EINVAL invalid variable-offset read from stack R3 var_off=(0x0; 0xf) off=-8 size=1
r2 = *(u32 *)(r1 +0)
if w2 > 8 goto +5
r3 = r10
r3 += -8
r3 += r2
r0 = *(u8 *)(r3 +0)
exit
r0 = 0
exit
