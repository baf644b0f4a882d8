# l3_csum_replace needs ctx in r1.
# flags: --type sched_cls
# expect: reject EACCES R1 type=fp expected=ctx
r1 = r10
r2 = 0
r3 = 0
r4 = 0
r5 = 0
call 10
exit
