# A 4-byte store leaves half of an 8-byte key uninitialised.
# flags: --map hash:8:8:16
# expect: reject EACCES invalid indirect read from stack off -8+4 size 8
*(u32 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
exit
