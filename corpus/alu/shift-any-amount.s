# No shift-amount check in 4.2.
# expect: accept
r0 = 1
r0 <<= 99
exit
