# A conditional jump on an unwritten register.
# expect: reject EACCES R4 !read_ok
r0 = 0
if r4 > 0x1 goto pc+0
exit
