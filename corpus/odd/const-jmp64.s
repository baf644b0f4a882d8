# The safe neighbour of const-jmp32-unverified: a 64-bit move holds k itself, so the branch the
# kernel follows is the one the run takes, and there is no warning.
# expect: accept
r1 = -1
if r1 == -1 goto +1
r0 = *(u64 *)(r0 +0)
r0 = 0
exit
