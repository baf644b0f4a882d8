# An ALU op reads its destination first.
# expect: reject EACCES R3 !read_ok
r3 += 1
r0 = 0
exit
