# Multiplying a pointer.
# flags: --type socket_filter
# expect: reject EACCES R1 pointer arithmetic with *= operator prohibited
r1 *= 2
r0 = 0
exit
