# pt_regs is 168 bytes on x86-64.
# flags: --type kprobe
# expect: reject EACCES invalid bpf_context access off=168 size=1
r0 = *(u8 *)(r1 +168)
exit
