# A helper call is an ordinary node in check_cfg.
# expect: accept
call 7
r0 = 0
exit
