// An fentry program reads the name do_unlinkat is given.
// expect: accept
// kernel-skip: this kernel refuses to load fentry programs (EPERM: no trampolines)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

SEC("fentry/do_unlinkat")
int on_unlink(unsigned long long *ctx)
{
	struct filename *name = (void *)ctx[1];
	char first = 0;
	bpf_probe_read_kernel(&first, 1, name->name);
	return 0;
}
char _license[] SEC("license") = "GPL";
