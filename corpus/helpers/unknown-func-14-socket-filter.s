# Helper 14 is not available to socket_filter programs.
# flags: --type socket_filter
# expect: reject EINVAL unknown func 14
call 14
r0 = 0
exit
