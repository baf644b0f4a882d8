// A tracepoint program reads its record's fields past the common header.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sys_enter_args {
	__u64 common;
	long id;
	unsigned long args[6];
};

SEC("tracepoint/raw_syscalls/sys_enter")
int on_enter(struct sys_enter_args *ctx)
{
	return ctx->id == 59 && ctx->args[0] != 0;
}
char _license[] SEC("license") = "GPL";
