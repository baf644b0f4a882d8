# A loop bounded only by may_goto indexes the stack with its counter: the counter decides an access, so it is precise and not widened; the 9th iteration reads past the frame.
# flags: --type socket_filter
# expect: reject EACCES invalid read from stack R2 off=0 size=1
r6 = 0
r1 = 0
*(u64 *)(r10 -8) = r1
may_goto +6
r2 = r10
r2 += -8
r2 += r6
r0 = *(u8 *)(r2 +0)
r6 += 1
goto -8
r0 = 0
exit
