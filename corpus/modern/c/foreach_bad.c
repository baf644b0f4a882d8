// The callback of foreach.c reads past its 8-byte map value.
// expect: reject EACCES R3 min value is outside of the allowed memory range
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
	a->sum += val[1] + *key;
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
