// A counter in a map value updated under the value's bpf_spin_lock, unlocked on every path.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct val { __u64 hits; struct bpf_spin_lock lock; __u32 max; };
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} vals SEC(".maps");

SEC("tc")
int count(struct __sk_buff *skb)
{
	__u32 key = 0, len = skb->len;
	struct val *v = bpf_map_lookup_elem(&vals, &key);
	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->hits++;
	if (len > v->max)
		v->max = len;
	bpf_spin_unlock(&v->lock);
	return 0;
}
char _license[] SEC("license") = "GPL";
