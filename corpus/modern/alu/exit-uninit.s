# R0 must hold a value at exit.
# flags: --type socket_filter
# expect: reject EACCES R0 !read_ok
exit
