# A load-acquire from the context, which atomics may not touch.
# flags: --type socket_filter
# expect: reject EACCES BPF_ATOMIC loads from R1 ctx is not allowed
r0 = load_acquire((u32 *)(r1 +0))
exit
