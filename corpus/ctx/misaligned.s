# Alignment is checked before the context rules.
# expect: reject EACCES misaligned access off 2 size 4
r0 = *(u32 *)(r1 +2)
exit
