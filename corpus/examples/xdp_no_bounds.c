// The same XDP program without the bounds check on the IP header.
// expect linux-4.2: unsupported program type xdp is not known to linux-4.2
// expect linux-4.3: unsupported program type xdp is not known to linux-4.3
// expect linux-6.18: reject EACCES R1 offset is outside of the packet
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int drop_udp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	return ip->protocol == IPPROTO_UDP ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
