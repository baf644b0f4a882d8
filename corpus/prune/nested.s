# Nested branches, popped LIFO.
# expect: accept
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
if r2 > 0x1 goto pc+3
if r3 > 0x1 goto pc+1
r4 = 1
r4 = 2
if r3 == 0x0 goto pc+1
r4 = 3
r0 = 0
exit
