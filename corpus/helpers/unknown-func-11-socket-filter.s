# Helper 11 is not available to socket_filter programs.
# flags: --type socket_filter
# expect: reject EINVAL unknown func 11
call 11
r0 = 0
exit
