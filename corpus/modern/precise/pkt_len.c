// The length data_end - data bounds the access; the kernel learns nothing
// about the packet from a scalar difference.
// expect: reject EACCES R2 offset is outside of the packet
// precise: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pkt_len(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	if (end - data < 14)
		return XDP_PASS;
	return data[13] == 0x08 ? XDP_DROP : XDP_PASS;
}
char _license[] SEC("license") = "GPL";
