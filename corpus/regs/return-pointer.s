# A program may return a pointer in 4.2.
# expect: accept
r0 = r1
exit
