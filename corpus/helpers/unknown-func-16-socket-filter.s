# Helper 16 is not available to socket_filter programs.
# flags: --type socket_filter
# expect: reject EINVAL unknown func 16
call 16
r0 = 0
exit
