// sched_pi_setprio's pi_task may be NULL: reading it unchecked is refused.
// expect: reject EACCES R1 invalid mem access 'trusted_ptr_or_null_'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

SEC("tp_btf/sched_pi_setprio")
int on_setprio(unsigned long long *ctx)
{
	struct task_struct *pi = (void *)ctx[1];
	return pi->pid == 1;
}
char _license[] SEC("license") = "GPL";
