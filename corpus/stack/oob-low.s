# A store below the 512-byte stack.
# expect: reject EACCES invalid stack off=-520 size=8
*(u64 *)(r10 -520) = 0
r0 = 0
exit
