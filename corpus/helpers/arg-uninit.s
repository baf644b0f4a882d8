# A map helper with the key pointer r2 unset.
# flags: --map hash:8:8:16
# expect: reject EACCES R2 !read_ok
r1 = map[0]
call 1
exit
