// The loop runs one byte past the value's end.
// expect: reject EACCES R2 min value is outside of the allowed memory range
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct val { unsigned char b[64]; };
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} vals SEC(".maps");

SEC("tc")
int sum(struct __sk_buff *skb)
{
	__u32 key = 0, s = 0;
	struct val *v = bpf_map_lookup_elem(&vals, &key);
	if (!v)
		return 0;
	for (int i = 0; i < 65; i++)
		s += ((volatile unsigned char *)v->b)[i];
	return s & 1;
}
char _license[] SEC("license") = "GPL";
