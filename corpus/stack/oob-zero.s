# A store at fp+0 is outside the stack.
# expect: reject EACCES invalid stack off=0 size=8
*(u64 *)(r10 +0) = 0
r0 = 0
exit
