// The callback of loop_cb.c with its index check one too loose: it may write past the buffer (and the caller's frame).
// expect: reject EINVAL invalid variable-offset write to stack R4 var_off=(0x0; 0x3c) off=-32 size=4
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct ctx { __u64 sum; __u32 buf[8]; };

static long body(__u64 i, void *data)
{
	struct ctx *c = data;
	if (i > 8)
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
