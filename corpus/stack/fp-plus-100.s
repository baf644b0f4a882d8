# fp + 100 is accepted as a pointer; passing it to a helper fails the range check.
# expect: reject EACCES invalid stack type R1 off=100 access_size=8
r1 = r10
r1 += 100
r2 = 8
call 6
r0 = 0
exit
