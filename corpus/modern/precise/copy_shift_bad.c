// A bound of 16 on the sign-extended copy lets the index reach byte 16 of 16.
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

SEC("socket")
int copy_shift(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 idx = skb->len;
	__s64 copy = (__s32)idx;
	asm volatile("" : "+r"(idx), "+r"(copy)); /* keep index and copy apart */
	if ((__u64)copy > 16)
		return 0;
	char *v = bpf_map_lookup_elem(&vals, &key);
	if (!v)
		return 0;
	return v[idx];
}
char _license[] SEC("license") = "GPL";
