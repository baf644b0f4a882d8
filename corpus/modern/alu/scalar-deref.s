# Dereferencing a number.
# flags: --type socket_filter
# expect: reject EACCES R1 invalid mem access 'scalar'
r1 = 4096
r0 = *(u8 *)(r1 +0)
exit
