# a store the 2015 kernel does not rewrite
*(u32 *)(r1 +48) = 7
r0 = 0
exit
