# A loop of 6 iterations, each with a lookup whose two outcomes join again, so that
# states of several iterations are stored at the same instructions. Only the
# non-NULL path of iteration 4 sets r7, to 7, and after the loop r7 indexes the
# 8-byte value: in bounds on every path. (The unsafe neighbour: loop-many-states-bad.s.)
# The kernel prunes at the loop's head, the target of a conditional jump: 130 insns,
# as bpfcheck now (163 before it pruned there). With 2,000 iterations the kernel takes
# 93,000 insns; bpfcheck ran into the 1M limit before. (Small, for the solver's tests.)
# flags: --map hash:4:8:1 --type socket_filter
# expect: accept
# log: no
r6 = 0
r7 = 0
*(u32 *)(r10 -4) = 0
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 != 0x0 goto +1
goto +3
if r6 != 4 goto +2
r7 = 7
r0 = 0
r6 += 1
if r6 < 6 goto -13
*(u32 *)(r10 -4) = 0
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0x0 goto +2
r0 += r7
r0 = *(u8 *)(r0 +0)
r0 = 0
exit
