// A kprobe without a GPL license calls a GPL-only helper.
// expect: reject EINVAL cannot call GPL-restricted function from non-GPL compatible program
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_sys_openat2")
int probe(void *ctx)
{
	long v = 0;
	bpf_probe_read_kernel(&v, sizeof(v), ctx);
	return v & 1;
}
char _license[] SEC("license") = "Proprietary";
