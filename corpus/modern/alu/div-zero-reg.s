# Division by a register that may be zero is defined (the result is 0).
# flags: --type socket_filter
# expect: accept
r0 = *(u32 *)(r1 +0)
r2 = *(u32 *)(r1 +4)
r0 /= r2
r0 %= r2
exit
