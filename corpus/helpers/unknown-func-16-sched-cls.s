# Helper 16 is not available to sched_cls programs.
# flags: --type sched_cls
# expect: reject EINVAL unknown func 16
call 16
r0 = 0
exit
