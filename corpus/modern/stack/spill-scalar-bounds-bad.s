# The same with 0..31: the variable-offset store may leave the stack.
# flags: --type socket_filter
# expect: reject EINVAL invalid variable-offset write to stack R2 var_off=(0x0; 0x1f) off=-16 size=1
r1 = *(u32 *)(r1 +0)
r1 &= 31
*(u64 *)(r10 -24) = r1
r1 = *(u64 *)(r10 -24)
r2 = r10
r2 += -16
r2 += r1
r0 = 0
*(u8 *)(r2 +0) = r0
exit
