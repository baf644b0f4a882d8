# Helper 4 is not available to socket_filter programs.
# flags: --type socket_filter
# expect: reject EINVAL unknown func 4
call 4
r0 = 0
exit
