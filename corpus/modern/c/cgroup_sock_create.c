// A cgroup sock_create hook refuses raw IPv6 sockets and marks the others.
// expect: accept
#include <linux/bpf.h>
#include <linux/socket.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/sock_create")
int create(struct bpf_sock *sk)
{
	if (sk->family == 10 && sk->type == 3)
		return 0;
	sk->mark = 42;
	return 1;
}
char _license[] SEC("license") = "GPL";
