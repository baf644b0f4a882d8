# probe_read into initialised stack.
# flags: --type kprobe
# expect: accept
*(u64 *)(r10 -16) = 0
*(u64 *)(r10 -8) = 0
r1 = r10
r1 += -16
r2 = 16
r3 = 0
call 4
exit
