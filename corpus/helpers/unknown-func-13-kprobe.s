# Helper 13 is not available to kprobe programs.
# flags: --type kprobe
# expect: reject EINVAL unknown func 13
call 13
r0 = 0
exit
