# 4.3 reads the stack through fp-N.
# expect: reject EACCES R2 invalid mem access 'fp'
# expect linux-4.3: accept
*(u64 *)(r10 -16) = 0
r2 = r10
r2 += -16
r0 = *(u64 *)(r2 +0)
exit
