# fp-8 held in a register cannot be dereferenced in 4.2; 4.3 can.
# expect: reject EACCES R1 invalid mem access 'fp'
# expect linux-4.3: accept
r1 = r10
r1 += -8
*(u64 *)(r1 +0) = 0
r0 = 0
exit
