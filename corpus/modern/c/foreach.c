// bpf_for_each_map_elem over an array: the callback gets the key and value pointers and a context on the caller's stack.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

struct acc { __u64 sum; };

static long add(void *map, __u32 *key, __u64 *val, struct acc *a)
{
	a->sum += *val + *key;
	return 0;
}

SEC("tc")
int prog(struct __sk_buff *skb)
{
	struct acc a = {};
	bpf_for_each_map_elem(&vals, add, &a, 0);
	return a.sum & 1;
}
char _license[] SEC("license") = "GPL";
