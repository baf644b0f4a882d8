# A misaligned read of a map value.
# flags: --map hash:8:8:16
# expect: reject EACCES misaligned access off 2 size 4
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+1
r0 = *(u32 *)(r0 +2)
exit
