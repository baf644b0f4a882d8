// data_end - 1 of an empty packet lies before the packet.
// expect: reject EACCES R2 invalid mem access 'pkt_end'
// precise: reject
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pkt_last(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	if (data > end)
		return XDP_PASS;
	return end[-1] == 0 ? XDP_DROP : XDP_PASS;
}
char _license[] SEC("license") = "GPL";
