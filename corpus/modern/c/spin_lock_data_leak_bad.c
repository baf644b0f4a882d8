// spin_lock_data.c's lock, not released on the path of long packets.
// expect: reject EINVAL BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_spin_lock lock_a SEC(".data.A");
__u64 count_a SEC(".data.A");

SEC("tc")
int count(struct __sk_buff *skb)
{
	bpf_spin_lock(&lock_a);
	count_a += 1;
	if (skb->len > 1000)
		return 1;
	bpf_spin_unlock(&lock_a);
	return 0;
}
char _license[] SEC("license") = "GPL";
