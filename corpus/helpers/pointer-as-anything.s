# A pointer passed as ARG_ANYTHING is fine in 4.2.
# flags: --type sched_cls
# expect: accept
r2 = r10
r3 = 0
call 13
exit
