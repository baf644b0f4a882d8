# Nothing lies above the frame pointer.
# flags: --type socket_filter
# expect: reject EACCES invalid read from stack R10 off=0 size=4
r0 = *(u32 *)(r10 +0)
exit
