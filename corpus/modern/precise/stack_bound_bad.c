// The index is checked, kept in the low half of an 8-byte stack slot whose
// high half is zero, and re-read as one 8-byte value: the kernel does not
// combine the two 4-byte writes, the value is as small.
// expect: reject EINVAL math between map_value pointer and register with unbounded min value is not allowed
// precise: reject
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, char[16]);
	__uint(max_entries, 1);
} vals SEC(".maps");

SEC("socket")
int stack_bound(struct __sk_buff *skb)
{
	__u32 key = 0;
	volatile union {
		__u64 whole;
		__u32 half[2];
	} slot;
	__u32 idx = skb->len;
	if (idx > 16)
		return 0;
	slot.half[0] = idx;
	slot.half[1] = 0;
	char *v = bpf_map_lookup_elem(&vals, &key);
	if (!v)
		return 0;
	return v[slot.whole];
}
char _license[] SEC("license") = "GPL";
