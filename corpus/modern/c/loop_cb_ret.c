// A bpf_loop callback must return 0 (continue) or 1 (stop); this one may return 2.
// expect: reject EINVAL At callback return the register R0 has smin=1 smax=2 should have been in [0, 1]
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static long body(__u64 i, void *data)
{
	return (i & 1) + 1;
}

SEC("tc")
int prog(struct __sk_buff *skb)
{
	return bpf_loop(4, body, 0, 0) & 1;
}
char _license[] SEC("license") = "GPL";
