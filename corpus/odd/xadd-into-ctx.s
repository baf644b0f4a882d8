# XADD into a writable ctx field is accepted but never rewritten.
# flags: --type sched_cls
# expect: accept
# warning: unsafe-ctx-store
r0 = 1
lock *(u32 *)(r1 +8) += r0
exit
