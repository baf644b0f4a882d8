# Helper 9 is not available to socket_filter programs.
# flags: --type socket_filter
# expect: reject EINVAL unknown func 9
call 9
r0 = 0
exit
