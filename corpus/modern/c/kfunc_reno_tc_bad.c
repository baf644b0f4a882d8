// A tc program calls tcp_reno_undo_cwnd, a kfunc of congestion controls
// only (its set is registered for struct_ops programs).
// expect: reject EACCES calling kernel function tcp_reno_undo_cwnd is not allowed
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;

SEC("tc")
int undo(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	if (!sk)
		return 0;
	return tcp_reno_undo_cwnd((void *)sk);
}
char _license[] SEC("license") = "GPL";
