# JNE 0 refines the branch side to map_value.
# flags: --map hash:8:8:16
# expect: accept
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 != 0x0 goto pc+2
r0 = 0
exit
*(u32 *)(r0 +4) = 7
r0 = 1
exit
