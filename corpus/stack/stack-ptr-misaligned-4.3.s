# 4.3 prints the combined offset in the alignment error.
# expect: reject EACCES R1 invalid mem access 'fp'
# expect linux-4.3: reject EACCES misaligned access off -6 size 8
r1 = r10
r1 += -14
*(u64 *)(r1 +8) = 0
r0 = 0
exit
