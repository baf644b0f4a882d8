# The context pointer must not be moved before a load.
# flags: --type socket_filter
# expect: reject EACCES dereference of modified ctx ptr R1 off=4 disallowed
r1 += 4
r0 = *(u32 *)(r1 +0)
exit
