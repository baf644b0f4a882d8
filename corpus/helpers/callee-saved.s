# r6-r9 survive a call; r1-r5 do not.
# expect: reject EACCES R5 !read_ok
r5 = 1
r6 = 2
call 7
r0 = r6
r0 = r5
exit
