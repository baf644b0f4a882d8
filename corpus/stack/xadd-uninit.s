# XADD reads the stack first: uninitialised bytes fail.
# expect: reject EACCES invalid read from stack off -8+0 size 8
r0 = 1
lock *(u64 *)(r10 -8) += r0
exit
