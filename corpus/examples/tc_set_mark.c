// A tc classifier that marks packets from a priority it reads in the skb.
// expect linux-4.2: accept
// expect linux-4.3: accept
// expect linux-6.18: accept
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("classifier")
int set_mark(struct __sk_buff *skb)
{
	if (skb->priority > 6)
		skb->mark = 0x2a;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
