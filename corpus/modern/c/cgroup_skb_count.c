// A cgroup egress program counts bytes and lets every packet through.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} bytes SEC(".maps");

SEC("cgroup_skb/egress")
int count(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&bytes, &zero);
	if (n)
		__sync_fetch_and_add(n, skb->len);
	return 1;
}
char _license[] SEC("license") = "GPL";
