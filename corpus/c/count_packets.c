// A socket filter that counts packets in an array map, NULL check included.
// expect: accept
#include "bpf.h"
struct {
	__uint(type, 2);
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

SEC("socket")
int count(struct __sk_buff *skb)
{
	u32 key = 0;
	u64 *v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
char _license[] SEC("license") = "GPL";
