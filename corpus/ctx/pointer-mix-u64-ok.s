# 8-byte loads are not marked, so kprobe ctx and a map value may share one.
# flags: --type kprobe --map hash:8:8:16
# expect: accept
r6 = r1
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+1
r6 = r0
r0 = *(u64 *)(r6 +0)
exit
