# The value buffer must hold value_size bytes inside the frame.
# flags: --map hash:8:16:10 --type socket_filter
# expect: reject EINVAL invalid read from stack R3 off=-8 size=16
r1 = 0
*(u64 *)(r10 -8) = r1
r2 = r10
r2 += -8
r3 = r10
r3 += -8
r1 = map[0]
r4 = 0
call 2
r0 = 0
exit
