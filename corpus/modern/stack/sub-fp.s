# Subtracting from the frame pointer is refused (add a negative offset instead).
# flags: --type socket_filter
# expect: reject EACCES R1 subtraction from stack pointer prohibited
r1 = r10
r1 -= 8
r0 = 0
exit
