// A bpf_dummy_ops program calls tcp_reno_undo_cwnd, which any struct_ops
// program may call, with its argument, which may be NULL.
// expect: reject EACCES Possibly NULL pointer passed to trusted arg0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;

struct bpf_dummy_ops_state;
struct bpf_dummy_ops {
	int (*test_1)(struct bpf_dummy_ops_state *cb);
};

SEC("struct_ops/dummy_1")
int dummy_1(unsigned long long *ctx)
{
	return tcp_reno_undo_cwnd((void *)ctx[0]);
}

SEC(".struct_ops")
struct bpf_dummy_ops dummy = {
	.test_1 = (void *)dummy_1,
};
char _license[] SEC("license") = "GPL";
