// A socket filter counts packets per protocol in an array, index checked by the lookup.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("socket")
int count(struct __sk_buff *skb)
{
	__u32 key = skb->protocol & 0xff;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
char _license[] SEC("license") = "GPL";
