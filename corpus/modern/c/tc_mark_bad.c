// A tc classifier stores into skb->len, which is read-only.
// expect: reject EACCES invalid bpf_context access off=0 size=4
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int shorten(struct __sk_buff *skb)
{
	*(volatile __u32 *)&skb->len = 0;
	return TC_ACT_OK;
}
char _license[] SEC("license") = "GPL";
