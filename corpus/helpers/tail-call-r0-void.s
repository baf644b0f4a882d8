# tail_call returns nothing: r0 is unreadable after it.
# flags: --map prog_array:4:4:4
# expect: reject EACCES R0 !read_ok
r2 = map[0]
r3 = 0
call 12
exit
