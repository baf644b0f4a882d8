# The second half's imm is free for a constant load.
# expect: accept
r1 = 0x1122334455667788
r0 = 0
exit
