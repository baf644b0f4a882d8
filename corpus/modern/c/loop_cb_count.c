// A bpf_loop callback advances a counter kept in the caller's stack and indexes a buffer with it: the bound holds in every iteration.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct ctx { __u32 n; __u32 pad; __u8 buf[16]; };

static long step(__u64 i, void *data)
{
	struct ctx *c = data;
	if (c->n >= 16)
		return 1;
	c->buf[c->n] = 1;
	c->n++;
	return 0;
}

SEC("tc")
int prog(struct __sk_buff *skb)
{
	struct ctx c = {};
	bpf_loop(100, step, &c, 0);
	return c.buf[3];
}
char _license[] SEC("license") = "GPL";
