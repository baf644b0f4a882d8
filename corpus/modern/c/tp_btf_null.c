// sched_pi_setprio's pi_task may be NULL: checked, it may be read.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

SEC("tp_btf/sched_pi_setprio")
int on_setprio(unsigned long long *ctx)
{
	struct task_struct *pi = (void *)ctx[1];
	if (!pi)
		return 0;
	return pi->pid == 1;
}
char _license[] SEC("license") = "GPL";
