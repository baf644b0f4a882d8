# Exit without setting r0.
# expect: reject EACCES R0 !read_ok
r1 = 0
exit
