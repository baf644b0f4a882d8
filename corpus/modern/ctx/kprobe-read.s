# A kprobe reads its registers.
# flags: --type kprobe
# expect: accept
r0 = *(u64 *)(r1 +112)
exit
