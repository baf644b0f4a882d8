# Helper 11 is not available to kprobe programs.
# flags: --type kprobe
# expect: reject EINVAL unknown func 11
call 11
r0 = 0
exit
