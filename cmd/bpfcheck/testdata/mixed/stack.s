# reads a stack slot never written
r0 = *(u64 *)(r10 -8)
exit
