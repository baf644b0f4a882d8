# A zero-sized buffer is rejected.
# flags: --type kprobe
# expect: reject EACCES invalid stack type R1 off=-8 access_size=0
*(u64 *)(r10 -8) = 0
r1 = r10
r1 += -8
r2 = 0
r3 = 0
call 4
exit
