// A tc classifier that copies the Ethernet header with bpf_skb_load_bytes,
// a helper that Linux 4.5 added: the 2015 kernels reject the call.
// expect linux-4.2: reject EINVAL invalid func 26
// expect linux-4.3: reject EINVAL invalid func 26
// expect linux-6.18: accept
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("classifier")
int drop_vlan(struct __sk_buff *skb)
{
	struct ethhdr eth;
	if (bpf_skb_load_bytes(skb, 0, &eth, sizeof(eth)) < 0)
		return TC_ACT_OK;
	return eth.h_proto == __builtin_bswap16(ETH_P_8021Q) ? TC_ACT_SHOT : TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
