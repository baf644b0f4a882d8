// A lock in a global data section (.data.A, as libbpf names a section of
// its own) guards the counter beside it: the map's value type is the
// section's BTF, where the kernel finds the lock.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_spin_lock lock_a SEC(".data.A");
__u64 count_a SEC(".data.A");

SEC("tc")
int count(struct __sk_buff *skb)
{
	bpf_spin_lock(&lock_a);
	count_a += skb->len;
	bpf_spin_unlock(&lock_a);
	return 0;
}
char _license[] SEC("license") = "GPL";
