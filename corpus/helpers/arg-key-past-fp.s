# A key that would extend past the frame pointer.
# flags: --map hash:8:8:16
# expect: reject EACCES invalid stack type R2 off=-4 access_size=8
*(u32 *)(r10 -4) = 0
r2 = r10
r2 += -4
r1 = map[0]
call 1
exit
