// A static function fills a caller's stack buffer through a pointer (bpf-to-bpf call).
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int fill(char *buf, int n)
{
	for (int i = 0; i < n && i < 16; i++)
		buf[i] = i;
	return buf[0];
}

SEC("socket")
int caller(struct __sk_buff *skb)
{
	char buf[16];
	return fill(buf, skb->len & 15);
}
char _license[] SEC("license") = "GPL";
