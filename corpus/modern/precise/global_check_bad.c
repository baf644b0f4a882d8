// A global function lets the index reach byte 16 of 16.
// expect: reject EACCES R0 unbounded memory access, make sure to bounds check any such access
// precise: reject
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, char[16]);
	__uint(max_entries, 1);
} vals SEC(".maps");

__attribute__((noinline)) int index_ok(__u32 i)
{
	return i <= 16;
}

SEC("socket")
int global_check(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u32 idx = skb->len;
	if (!index_ok(idx))
		return 0;
	char *v = bpf_map_lookup_elem(&vals, &key);
	if (!v)
		return 0;
	return v[idx];
}
char _license[] SEC("license") = "GPL";
