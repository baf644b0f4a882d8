# Returning the frame pointer.
# expect: accept
r0 = r10
exit
