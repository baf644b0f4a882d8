# Reading r2 before anything wrote it.
# expect: reject EACCES R2 !read_ok
r0 = r2
exit
