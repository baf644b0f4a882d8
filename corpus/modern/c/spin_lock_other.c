// One element's lock taken and another element's released.
// expect: reject EINVAL bpf_spin_unlock of different lock
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct val { __u64 hits; struct bpf_spin_lock lock; __u32 max; };
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct val);
} vals SEC(".maps");

SEC("tc")
int count(struct __sk_buff *skb)
{
	__u32 k0 = 0, k1 = 1;
	struct val *a = bpf_map_lookup_elem(&vals, &k0);
	struct val *b = bpf_map_lookup_elem(&vals, &k1);
	if (!a || !b)
		return 0;
	bpf_spin_lock(&a->lock);
	a->hits++;
	bpf_spin_unlock(&b->lock);
	return 0;
}
char _license[] SEC("license") = "GPL";
