# 4.3 checks the combined offset against the stack.
# expect: reject EACCES R1 invalid mem access 'fp'
# expect linux-4.3: reject EACCES invalid stack off=-80000 size=8
r1 = r10
r1 += -80000
*(u64 *)(r1 +0) = 0
r0 = 0
exit
