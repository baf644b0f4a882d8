# The flags argument must be readable.
# flags: --map hash:8:8:16
# expect: reject EACCES R4 !read_ok
*(u64 *)(r10 -8) = 0
*(u64 *)(r10 -16) = 1
r2 = r10
r2 += -8
r3 = r10
r3 += -16
r1 = map[0]
call 2
exit
