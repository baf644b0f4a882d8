# Helper 4 is not available to sched_cls programs.
# flags: --type sched_cls
# expect: reject EINVAL unknown func 4
call 4
r0 = 0
exit
