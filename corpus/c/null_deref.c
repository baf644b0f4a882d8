// A lookup result used without its NULL check.
// expect: reject EACCES R0 invalid mem access 'map_value_or_null'
#include "bpf.h"
struct {
	__uint(type, 1);
	__uint(max_entries, 64);
	__type(key, u32);
	__type(value, u64);
} table SEC(".maps");

SEC("socket")
int peek(struct __sk_buff *skb)
{
	u32 key = skb->len;
	u64 *v = bpf_map_lookup_elem(&table, &key);
	return *v;
}
char _license[] SEC("license") = "GPL";
