# Division by a register is not checked.
# expect: accept
r0 = 7
r1 = 0
r0 /= r1
exit
