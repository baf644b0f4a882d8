// struct_ops_reno.c's undo_cwnd, handing tcp_reno_undo_cwnd a number (the
// ack argument of cong_avoid) where it takes the socket.
// expect: reject EINVAL arg#0 pointer type STRUCT sock must point to scalar, or struct with scalar
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;

struct tcp_congestion_ops {
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	char name[16];
};

SEC("struct_ops/reno_avoid")
void reno_avoid(unsigned long long *ctx)
{
	tcp_reno_undo_cwnd((void *)ctx[1]);
}

SEC(".struct_ops")
struct tcp_congestion_ops reno = {
	.cong_avoid = (void *)reno_avoid,
	.name = "bpfcheck_renob",
};
char _license[] SEC("license") = "GPL";
