# Masking a pointer.
# flags: --type socket_filter
# expect: reject EACCES R1 bitwise operator &= on pointer prohibited
r1 &= 4
r0 = 0
exit
