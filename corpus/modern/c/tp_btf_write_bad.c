// A tp_btf program may read the kernel's task, never write it.
// expect: reject EACCES only read is supported
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

SEC("tp_btf/sched_switch")
int on_switch(unsigned long long *ctx)
{
	struct task_struct *next = (void *)ctx[2];
	next->pid = 0;
	return 0;
}
char _license[] SEC("license") = "GPL";
