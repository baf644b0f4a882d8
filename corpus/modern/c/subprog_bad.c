// The callee writes past the caller's 16-byte buffer, into memory above the frame.
// expect: reject EINVAL invalid variable-offset write to stack R1 var_off=(0x0; 0x1f) off=-16 size=1
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int fill(char *buf, unsigned n)
{
	buf[n & 31] = 1;
	return 0;
}

SEC("socket")
int caller(struct __sk_buff *skb)
{
	char buf[16];
	buf[0] = 0;
	return fill(buf, skb->len);
}
char _license[] SEC("license") = "GPL";
