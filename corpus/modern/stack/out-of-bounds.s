# A store below the 512-byte frame.
# flags: --type socket_filter
# expect: reject EACCES invalid write to stack R10 off=-520 size=8
r0 = 0
*(u64 *)(r10 -520) = r0
exit
