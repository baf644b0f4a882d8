# Helper 15 is not available to sched_cls programs.
# flags: --type sched_cls
# expect: reject EINVAL unknown func 15
call 15
r0 = 0
exit
