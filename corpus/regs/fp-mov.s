# Writing r10.
# expect: reject EACCES frame pointer is read only
r10 = 1
r0 = 0
exit
