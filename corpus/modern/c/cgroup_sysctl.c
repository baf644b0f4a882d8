// A sysctl hook refuses writes to kernel.* and allows everything else.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/sysctl")
int guard(struct bpf_sysctl *ctx)
{
	char name[16] = {};
	if (!ctx->write)
		return 1;
	if (bpf_sysctl_get_name(ctx, name, sizeof(name), 0) < 0)
		return 1;
	return name[0] == 'k' ? 0 : 1;
}
char _license[] SEC("license") = "GPL";
