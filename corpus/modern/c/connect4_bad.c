// A connect4 hook may rewrite the address, not the address family.
// expect: reject EACCES invalid bpf_context access off=0 size=4
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/connect4")
int refamily(struct bpf_sock_addr *ctx)
{
	ctx->user_family = 10;
	return 1;
}
char _license[] SEC("license") = "GPL";
