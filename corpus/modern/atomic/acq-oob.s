# A load-acquire one word past a map value's end.
# flags: --map array:4:16:1 --type socket_filter
# expect: reject EACCES R0 min value is outside of the allowed memory range
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0 goto +1
r0 = load_acquire((u64 *)(r0 +16))
r0 = 0
exit
