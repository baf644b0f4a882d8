# accepted
r0 = 0
exit
