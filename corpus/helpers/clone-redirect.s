# clone_redirect(ctx, ifindex, flags).
# flags: --type sched_act
# expect: accept
r2 = 3
r3 = 0
call 13
exit
