# Reading a register never written.
# flags: --type socket_filter
# expect: reject EACCES R2 !read_ok
r0 = r2
exit
