# Helper 0 (unspec) has no prototype.
# expect: reject EINVAL unknown func 0
call 0
r0 = 0
exit
