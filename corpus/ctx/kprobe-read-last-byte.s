# Only the start offset is bounds-checked for pt_regs.
# flags: --type kprobe
# expect: accept
r0 = *(u8 *)(r1 +167)
exit
