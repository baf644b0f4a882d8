# An 8-byte store at fp-4 is misaligned.
# expect: reject EACCES misaligned access off -4 size 8
*(u64 *)(r10 -4) = 0
r0 = 0
exit
