# 32-bit arithmetic on a pointer.
# flags: --type socket_filter
# expect: reject EACCES R1 32-bit pointer arithmetic prohibited
w1 += 4
r0 = 0
exit
