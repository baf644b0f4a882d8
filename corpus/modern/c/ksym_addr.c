// A program records a kernel function's address, a typeless __ksym: the
// loader hands the kernel its BTF id (ld_imm64 src_reg 3), which gives a
// pointer to no readable bytes, stored here as a number (its unsafe
// neighbour reads through it: ksym_read_bad.c).
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_init __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} addrs SEC(".maps");

SEC("socket")
int record(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 addr = (__u64)&bpf_init;
	bpf_map_update_elem(&addrs, &key, &addr, 0);
	return 0;
}
char _license[] SEC("license") = "GPL";
