// spin_lock_data.c's lock, but the counter beside it is passed as
// the lock (clang lays out the counter first, the lock at 8).
// expect: reject EINVAL off 0 doesn't point to 'struct bpf_spin_lock' that is at 8
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_spin_lock lock_a SEC(".data.A");
__u64 count_a SEC(".data.A");

SEC("tc")
int count(struct __sk_buff *skb)
{
	bpf_spin_lock((void *)&count_a);
	count_a += skb->len;
	bpf_spin_unlock((void *)&count_a);
	return 0;
}
char _license[] SEC("license") = "GPL";
