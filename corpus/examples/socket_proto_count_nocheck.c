// The same counter without the NULL check: the lookup may fail.
// expect linux-4.2: reject EACCES R0 invalid mem access 'map_value_or_null'
// expect linux-4.3: reject EACCES R0 invalid mem access 'map_value_or_null'
// expect linux-6.18: reject EACCES R0 invalid mem access 'map_value_or_null'
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} proto_count SEC(".maps");

SEC("socket")
int count_proto(struct __sk_buff *skb)
{
	__u32 proto = load_byte(skb, ETH_HLEN + 9);
	__u64 *count = bpf_map_lookup_elem(&proto_count, &proto);
	__sync_fetch_and_add(count, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
