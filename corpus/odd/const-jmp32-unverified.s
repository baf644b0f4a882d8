# A 32-bit move of a negative immediate leaves the 2015 constant k, but the register holds
# (u32)k: the kernel follows only the branch of `if r1 == k`, the run takes the other, and its
# uninitialised R0 dereference is never verified. Accepted, as by the kernel, with a warning.
# expect: accept
# warning: const-jmp-unverified
w1 = -1
if r1 == -1 goto +1
r0 = *(u64 *)(r0 +0)
r0 = 0
exit
