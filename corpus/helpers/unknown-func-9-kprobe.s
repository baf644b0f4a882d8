# Helper 9 is not available to kprobe programs.
# flags: --type kprobe
# expect: reject EINVAL unknown func 9
call 9
r0 = 0
exit
