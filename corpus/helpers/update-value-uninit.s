# The value buffer must be initialised too.
# flags: --map hash:8:8:16
# expect: reject EACCES invalid indirect read from stack off -16+0 size 8
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r3 = r10
r3 += -16
r1 = map[0]
r4 = 0
call 2
exit
