# loop-many-states.s with r7 = 8 on the one path (the non-NULL lookup of iteration
# 4): the access after the loop is one byte past the value. Every other path leaves
# r7 = 0, so only comparing r7 exactly (it is precise) where that path meets the
# states stored by earlier paths keeps it from being pruned.
# flags: --map hash:4:8:1 --type socket_filter
# expect: reject EACCES R0 min value is outside of the allowed memory range
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
r7 = 8
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
