# Spilled bytes are not initialised data for helpers.
# flags: --map hash:8:8:16
# expect: reject EACCES invalid indirect read from stack off -8+0 size 8
*(u64 *)(r10 -8) = r1
r2 = r10
r2 += -8
r1 = map[0]
call 1
exit
