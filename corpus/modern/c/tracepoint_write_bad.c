// A tracepoint program's record is read-only.
// expect: reject EACCES invalid bpf_context access off=8 size=8
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sys_enter_args {
	__u64 common;
	long id;
};

SEC("tracepoint/raw_syscalls/sys_enter")
int on_enter(struct sys_enter_args *ctx)
{
	ctx->id = 0;
	return 0;
}
char _license[] SEC("license") = "GPL";
