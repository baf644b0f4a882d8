# get_prandom_u32 returns inv in r0.
# expect: accept
call 7
exit
