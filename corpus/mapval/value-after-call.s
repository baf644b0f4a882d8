# Helper calls clobber r0-r5: a map value in r1 is lost.
# flags: --map hash:8:8:16
# expect: reject EACCES R1 !read_ok
*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+3
r1 = r0
call 7
r0 = *(u64 *)(r1 +0)
r0 = 0
exit
