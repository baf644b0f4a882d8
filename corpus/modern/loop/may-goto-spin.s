# A loop that only may_goto ends: the state repeats, but with another may_goto depth, so it is not an infinite loop.
# flags: --type socket_filter
# expect: accept
may_goto +1
goto -2
r0 = 0
exit
