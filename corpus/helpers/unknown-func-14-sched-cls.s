# Helper 14 is not available to sched_cls programs.
# flags: --type sched_cls
# expect: reject EINVAL unknown func 14
call 14
r0 = 0
exit
