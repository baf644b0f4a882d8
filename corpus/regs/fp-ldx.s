# Loading into r10.
# expect: reject EACCES frame pointer is read only
*(u64 *)(r10 -8) = 0
r10 = *(u64 *)(r10 -8)
r0 = 0
exit
