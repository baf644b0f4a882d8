// A congestion control's init sets TCP_NODELAY on its socket: every
// tcp_congestion_ops member but release may call bpf_setsockopt.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

struct tcp_congestion_ops {
	void (*init)(struct sock *sk);
	char name[16];
};

SEC("struct_ops/cc_init")
void cc_init(unsigned long long *ctx)
{
	int one = 1;
	bpf_setsockopt((void *)ctx[0], 6, 1, &one, sizeof(one));
}

SEC(".struct_ops")
struct tcp_congestion_ops cc = {
	.init = (void *)cc_init,
	.name = "bpfcheck_init",
};
char _license[] SEC("license") = "GPL";
