# A 64-bit constant into r10.
# expect: reject EACCES frame pointer is read only
r10 = 0x100000000
r0 = 0
exit
