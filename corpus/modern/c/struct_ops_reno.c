// A congestion control built from the kernel's Reno kfuncs: cong_avoid and
// undo_cwnd hand their socket to tcp_reno_cong_avoid and tcp_reno_undo_cwnd
// (kfuncs of tcp_congestion_ops programs, taking the trusted socket).
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

extern void tcp_reno_cong_avoid(struct sock *sk, __u32 ack, __u32 acked) __ksym;
extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;

struct tcp_congestion_ops {
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
};

SEC("struct_ops/reno_avoid")
void reno_avoid(unsigned long long *ctx)
{
	tcp_reno_cong_avoid((void *)ctx[0], ctx[1], ctx[2]);
}

SEC("struct_ops/reno_undo")
__u32 reno_undo(unsigned long long *ctx)
{
	return tcp_reno_undo_cwnd((void *)ctx[0]);
}

SEC(".struct_ops")
struct tcp_congestion_ops reno = {
	.cong_avoid = (void *)reno_avoid,
	.undo_cwnd = (void *)reno_undo,
	.name = "bpfcheck_reno",
};
char _license[] SEC("license") = "GPL";
