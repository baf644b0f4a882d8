// A length of 13 does not cover byte 13.
// expect: reject EACCES R2 offset is outside of the packet
// precise: reject
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pkt_len(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	if (end - data < 13)
		return XDP_PASS;
	return data[13] == 0x08 ? XDP_DROP : XDP_PASS;
}
char _license[] SEC("license") = "GPL";
