# The other safe neighbour of const-jmp32-unverified: a 32-bit move of a non-negative immediate
# holds k itself (zero- and sign-extension agree), so there is no warning.
# expect: accept
w1 = 5
if r1 == 5 goto +1
r0 = *(u64 *)(r0 +0)
r0 = 0
exit
