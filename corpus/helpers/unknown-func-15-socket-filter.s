# Helper 15 is not available to socket_filter programs.
# flags: --type socket_filter
# expect: reject EINVAL unknown func 15
call 15
r0 = 0
exit
