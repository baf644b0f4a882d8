// x % 13 indexes a 16-byte map value: always in bounds, but the kernel does
// not bound the remainder.
// expect: reject EINVAL math between map_value pointer and register with unbounded min value is not allowed
// precise: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, char[16]);
	__uint(max_entries, 1);
} vals SEC(".maps");

SEC("socket")
int mod13(struct __sk_buff *skb)
{
	__u32 key = 0;
	char *v = bpf_map_lookup_elem(&vals, &key);
	if (!v)
		return 0;
	return v[skb->len % 13];
}
char _license[] SEC("license") = "GPL";
