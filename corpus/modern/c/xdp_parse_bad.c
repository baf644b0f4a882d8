// The IPv4 header is read without its own data_end check.
// expect: reject EACCES R1 offset is outside of the packet
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int parse(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	return ip->protocol == 17 ? XDP_DROP : XDP_PASS;
}
char _license[] SEC("license") = "GPL";
