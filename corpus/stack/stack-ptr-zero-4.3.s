# 4.3: fp+0 through a stack pointer is outside the stack.
# expect: reject EACCES R1 invalid mem access 'fp'
# expect linux-4.3: reject EACCES invalid stack off=0 size=8
r1 = r10
r1 += -8
*(u64 *)(r1 +8) = 0
r0 = 0
exit
