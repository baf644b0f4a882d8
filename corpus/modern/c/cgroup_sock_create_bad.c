// A sock_create hook may set the mark, the priority and the device, not the family.
// expect: reject EACCES invalid bpf_context access off=4 size=4
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/sock_create")
int create(struct bpf_sock *sk)
{
	sk->family = 2;
	return 1;
}
char _license[] SEC("license") = "GPL";
