# One 4-byte load used with ctx on one path and a map value on another.
# flags: --map hash:8:8:16
# expect: reject EINVAL same insn cannot be used with different pointers
r6 = r1
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+1
r6 = r0
r0 = *(u32 *)(r6 +0)
exit
