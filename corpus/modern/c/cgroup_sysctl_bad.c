// A sysctl hook asks for the name into more bytes than its buffer has.
// expect: reject EINVAL invalid write to stack R2 off=-16 size=32
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/sysctl")
int guard(struct bpf_sysctl *ctx)
{
	char name[16];
	bpf_sysctl_get_name(ctx, name, 32, 0);
	return 1;
}
char _license[] SEC("license") = "GPL";
