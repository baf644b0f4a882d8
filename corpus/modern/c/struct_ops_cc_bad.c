// A congestion control reads past the end of its tcp_sock.
// expect: reject EACCES access beyond struct tcp_sock at off 4000 size 4
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

struct tcp_congestion_ops {
	unsigned int (*ssthresh)(struct sock *sk);
	char name[16];
};

SEC("struct_ops/far_ssthresh")
unsigned int far_ssthresh(unsigned long long *ctx)
{
	return *(unsigned int *)((char *)ctx[0] + 4000);
}

SEC(".struct_ops")
struct tcp_congestion_ops far = {
	.ssthresh = (void *)far_ssthresh,
	.name = "bpfcheck_far",
};
char _license[] SEC("license") = "GPL";
