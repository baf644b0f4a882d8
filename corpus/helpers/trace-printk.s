# trace_printk with a 4-byte format on the stack.
# expect: accept
r1 = 680997
*(u32 *)(r10 -4) = r1
r1 = r10
r1 += -4
r2 = 4
call 6
exit
