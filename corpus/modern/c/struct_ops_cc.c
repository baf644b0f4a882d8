// A TCP congestion control in BPF: ssthresh halves the window. The
// arguments are the context's u64 slots, as BPF_PROG spells them.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

struct tcp_congestion_ops {
	unsigned int (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, unsigned int ack, unsigned int acked);
	unsigned int (*undo_cwnd)(struct sock *sk);
	char name[16];
};

SEC("struct_ops/half_ssthresh")
unsigned int half_ssthresh(unsigned long long *ctx)
{
	struct tcp_sock *tp = (void *)ctx[0];
	unsigned int cwnd = tp->snd_cwnd >> 1;
	return cwnd < 2 ? 2 : cwnd;
}

SEC("struct_ops/keep_cwnd")
unsigned int keep_cwnd(unsigned long long *ctx)
{
	return ((struct tcp_sock *)ctx[0])->snd_cwnd;
}

SEC("struct_ops/no_avoid")
void no_avoid(unsigned long long *ctx)
{
}

SEC(".struct_ops")
struct tcp_congestion_ops half = {
	.ssthresh = (void *)half_ssthresh,
	.cong_avoid = (void *)no_avoid,
	.undo_cwnd = (void *)keep_cwnd,
	.name = "bpfcheck_half",
};
char _license[] SEC("license") = "GPL";
