# Load-acquire and store-release (BPF_LOAD_ACQ, BPF_STORE_REL) of every size on a map value and the stack.
# flags: --map array:4:16:1 --type socket_filter
# expect: accept
r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0 goto +14
r1 = 7
store_release((u64 *)(r0 +0), r1)
store_release((u32 *)(r0 +8), r1)
store_release((u16 *)(r0 +12), r1)
store_release((u8 *)(r0 +15), r1)
r2 = load_acquire((u64 *)(r0 +0))
r3 = load_acquire((u32 *)(r0 +8))
r4 = load_acquire((u16 *)(r0 +12))
r5 = load_acquire((u8 *)(r0 +15))
store_release((u64 *)(r10 -16), r0)
r6 = load_acquire((u64 *)(r10 -16))
r0 = *(u8 *)(r6 +0)
r0 += r5
exit
r0 = 0
exit
