// A cgroup ingress program returns 2, outside the [0, 1] its hook allows.
// expect: reject EINVAL At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/ingress")
int verdict(struct __sk_buff *skb)
{
	return skb->len > 1000 ? 2 : 1;
}
char _license[] SEC("license") = "GPL";
