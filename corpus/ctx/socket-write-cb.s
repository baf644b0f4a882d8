# Socket filters may write cb[0]..cb[4].
# expect: accept
r0 = 0
*(u32 *)(r1 +48) = r0
*(u32 *)(r1 +64) = r0
exit
