// An fentry program must return 0.
// expect: reject EINVAL At program exit the register R0 has smin=1 smax=1 should have been in [0, 0]
// kernel-skip: this kernel refuses to load fentry programs (EPERM: no trampolines)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("fentry/do_unlinkat")
int on_unlink(unsigned long long *ctx)
{
	return 1;
}
char _license[] SEC("license") = "GPL";
