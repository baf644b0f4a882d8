# kprobe programs read pt_regs with any size.
# flags: --type kprobe
# expect: accept
r0 = *(u64 *)(r1 +160)
exit
