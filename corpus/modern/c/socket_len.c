// A socket filter keeps the first 64 bytes of UDP packets and drops the rest.
// expect: accept
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int keep(struct __sk_buff *skb)
{
	__u8 proto;
	if (bpf_skb_load_bytes(skb, 23, &proto, 1) < 0)
		return 0;
	return proto == IPPROTO_UDP ? 64 : 0;
}
char _license[] SEC("license") = "GPL";
