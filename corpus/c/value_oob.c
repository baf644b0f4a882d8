// A store one element past a 16-byte map value.
// expect: reject EACCES invalid access to map value, value_size=16 off=16 size=8
#include "bpf.h"
struct pair { u64 a, b; };
struct {
	__uint(type, 2);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct pair);
} pairs SEC(".maps");

SEC("socket")
int overrun(struct __sk_buff *skb)
{
	u32 key = 0;
	u64 *v = bpf_map_lookup_elem(&pairs, &key);
	if (!v)
		return 0;
	v[2] = 1;
	return 1;
}
char _license[] SEC("license") = "GPL";
