# Helper 13 is not available to socket_filter programs.
# flags: --type socket_filter
# expect: reject EINVAL unknown func 13
call 13
r0 = 0
exit
