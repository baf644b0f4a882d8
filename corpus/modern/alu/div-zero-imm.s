# Division by the constant 0 is refused at load.
# flags: --type socket_filter
# expect: reject EINVAL div by zero
r0 = 1
r0 /= 0
exit
