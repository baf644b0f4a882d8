# The frame pointer is read only.
# flags: --type socket_filter
# expect: reject EACCES frame pointer is read only
r10 = 0
r0 = 0
exit
