# get_current_comm into initialised stack (kprobe).
# flags: --type kprobe
# expect: accept
*(u64 *)(r10 -16) = 0
*(u64 *)(r10 -8) = 0
r1 = r10
r1 += -16
r2 = 16
call 16
exit
