# A caller's r7 differs between two paths that meet only two calls deep;
# the state two frames down must still compare r7, which the caller uses
# as an index after the calls return (r7 > 8 on the second path).
# flags: --map hash:8:16:8 --type socket_filter
# expect: reject EACCES R0 unbounded memory access, make sure to bounds check any such access
r6 = r1
r7 = *(u32 *)(r6 +24)
if r7 > 8 goto +0
r1 = *(u32 *)(r6 +0)
call pc+11
*(u64 *)(r10 -8) = 0
r1 = map[0]
r2 = r10
r2 += -8
call 1
if r0 == 0x0 goto +2
r0 += r7
r1 = *(u8 *)(r0 +0)
r0 = 0
exit
r6 = r1
call pc+2
r0 = r6
exit
r0 = 0
if r1 > 5 goto +0
r0 = 1
exit
