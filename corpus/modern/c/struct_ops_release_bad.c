// A congestion control's release sets a socket option: tcp_congestion_ops
// refuses bpf_setsockopt to release alone (the socket is being torn down;
// its init neighbour: struct_ops_init_sockopt.c).
// expect: reject EINVAL program of this type cannot use helper bpf_setsockopt#49
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

struct tcp_congestion_ops {
	void (*release)(struct sock *sk);
	char name[16];
};

SEC("struct_ops/cc_release")
void cc_release(unsigned long long *ctx)
{
	int one = 1;
	bpf_setsockopt((void *)ctx[0], 6, 1, &one, sizeof(one));
}

SEC(".struct_ops")
struct tcp_congestion_ops cc = {
	.release = (void *)cc_release,
	.name = "bpfcheck_rel",
};
char _license[] SEC("license") = "GPL";
