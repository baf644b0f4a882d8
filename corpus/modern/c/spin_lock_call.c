// A helper called while the lock of spin_lock.c is held.
// expect: reject EINVAL function calls are not allowed while holding a lock
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
	__u32 key = 0;
	struct val *v = bpf_map_lookup_elem(&vals, &key);
	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->hits += bpf_get_prandom_u32();
	bpf_spin_unlock(&v->lock);
	return 0;
}
char _license[] SEC("license") = "GPL";
