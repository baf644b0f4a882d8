// A congestion control calls a helper of packet programs, which no
// tcp_congestion_ops member may call.
// expect: reject EINVAL program of this type cannot use helper bpf_skb_load_bytes#26
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

struct tcp_congestion_ops {
	unsigned int (*ssthresh)(struct sock *sk);
	char name[16];
};

SEC("struct_ops/cc_ssthresh")
unsigned int cc_ssthresh(unsigned long long *ctx)
{
	char buf[4];
	bpf_skb_load_bytes((void *)ctx[0], 0, buf, sizeof(buf));
	return 2;
}

SEC(".struct_ops")
struct tcp_congestion_ops cc = {
	.ssthresh = (void *)cc_ssthresh,
	.name = "bpfcheck_skb",
};
char _license[] SEC("license") = "GPL";
