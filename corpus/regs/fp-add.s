# Adding to r10 reads it, then cannot write it.
# expect: reject EACCES frame pointer is read only
r10 += 8
r0 = 0
exit
