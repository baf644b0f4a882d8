// A kprobe reads the current task through bpf_get_current_task_btf.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

SEC("kprobe/do_sys_openat2")
int probe(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	char comm[16];
	bpf_probe_read_kernel(comm, sizeof(comm), t->comm);
	return t->tgid == 1 && comm[0] == 's';
}
char _license[] SEC("license") = "GPL";
