// A socket filter may not set skb->mark: only tc and cgroup programs may.
// expect: reject EACCES invalid bpf_context access off=8 size=4
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int mark(struct __sk_buff *skb)
{
	skb->mark = 1;
	return 0;
}
char _license[] SEC("license") = "GPL";
