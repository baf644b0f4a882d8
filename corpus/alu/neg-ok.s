# NEG of an initialised register.
# expect: accept
r0 = 1
r0 neg 0
exit
