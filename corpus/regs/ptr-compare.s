# Comparing pointers is allowed in 4.2.
# expect: accept
r2 = r10
if r1 > r2 goto pc+1
r0 = 0
r0 = 1
exit
