// bpf_loop with a callback that fills a buffer on the caller's stack, the index checked.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct ctx { __u64 sum; __u32 buf[8]; };

static long body(__u64 i, void *data)
{
	struct ctx *c = data;
	if (i >= 8)
		return 1;
	c->buf[i] = i;
	c->sum += i;
	return 0;
}

SEC("tc")
int prog(struct __sk_buff *skb)
{
	struct ctx c = {};
	bpf_loop(8, body, &c, 0);
	return c.sum & 1;
}
char _license[] SEC("license") = "GPL";
