# A store-release to a map value at an offset not a multiple of its size: atomics are always aligned.
# flags: --map array:4:16:1 --type socket_filter
# expect: reject EACCES misaligned value access off 0+0+2 size 4
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0 goto +2
r1 = 7
store_release((u32 *)(r0 +2), r1)
r0 = 0
exit
