# Helper 7 is not available to kprobe programs.
# flags: --type kprobe
# expect: reject EINVAL unknown func 7
call 7
r0 = 0
exit
