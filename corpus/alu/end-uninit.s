# END reads its register.
# expect: reject EACCES R3 !read_ok
r3 = le32 r3
r0 = 0
exit
