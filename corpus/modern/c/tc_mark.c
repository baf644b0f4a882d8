// A tc classifier marks IPv4 packets longer than 100 bytes.
// expect: accept
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int mark(struct __sk_buff *skb)
{
	if (skb->protocol == __builtin_bswap16(0x0800) && skb->len > 100)
		skb->mark = 7;
	return TC_ACT_OK;
}
char _license[] SEC("license") = "GPL";
