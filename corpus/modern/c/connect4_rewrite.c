// A connect4 hook redirects connections to port 8080 onto the loopback address.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/connect4")
int redirect(struct bpf_sock_addr *ctx)
{
	if (ctx->user_port == __builtin_bswap16(8080))
		ctx->user_ip4 = __builtin_bswap32(0x7f000001);
	return 1;
}
char _license[] SEC("license") = "GPL";
