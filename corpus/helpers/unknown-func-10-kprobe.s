# Helper 10 is not available to kprobe programs.
# flags: --type kprobe
# expect: reject EINVAL unknown func 10
call 10
r0 = 0
exit
