# A privileged program may read stack bytes it never wrote (they are some number).
# flags: --type socket_filter
# expect: accept
r0 = *(u64 *)(r10 -64)
exit
