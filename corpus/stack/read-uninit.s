# Reading stack nothing wrote.
# expect: reject EACCES invalid read from stack off -8+0 size 8
r0 = *(u64 *)(r10 -8)
exit
