# A loop with no bound of its own, ended by may_goto's hidden counter: the counter widens to unknown and the loop converges.
# flags: --type socket_filter
# expect: accept
r6 = 0
r7 = 0
may_goto +3
r6 += 1
r7 += r6
goto -4
r0 = r7
exit
