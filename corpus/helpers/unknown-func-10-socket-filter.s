# Helper 10 is not available to socket_filter programs.
# flags: --type socket_filter
# expect: reject EINVAL unknown func 10
call 10
r0 = 0
exit
