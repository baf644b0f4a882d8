// A kprobe reading pt_regs (the first argument register, rdi at offset 112).
// expect: accept
#include "bpf.h"
struct pt_regs { u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss; };
SEC("kprobe/sys_write")
int first_arg(struct pt_regs *ctx)
{
	return ctx->di == 1;
}
char _license[] SEC("license") = "GPL";
u32 _version SEC("version") = 0x040200;
