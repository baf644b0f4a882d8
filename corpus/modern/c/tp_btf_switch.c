// A tp_btf program reads the tasks of sched_switch through their BTF types.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, int);
	__type(value, int);
} parent SEC(".maps");

SEC("tp_btf/sched_switch")
int on_switch(unsigned long long *ctx)
{
	struct task_struct *prev = (void *)ctx[1];
	int pid = prev->pid, ppid = prev->real_parent->tgid;
	bpf_map_update_elem(&parent, &pid, &ppid, BPF_ANY);
	return 0;
}
char _license[] SEC("license") = "GPL";
