# Division by the constant 0.
# expect: reject EINVAL div by zero
r0 = 7
r0 /= 0
exit
