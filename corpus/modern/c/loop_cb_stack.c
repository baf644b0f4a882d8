// A bpf_loop callback with a 320-byte buffer called from a function with a 320-byte buffer: a callback's frame counts in the combined stack, 640 > 512.
// expect: reject EACCES combined stack size of 2 calls is 640. Too large
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static long body(__u64 i, void *data)
{
	volatile char buf[320];
	buf[i & 255] = 1;
	return buf[(i + 1) & 255] & 1;
}

SEC("tc")
int prog(struct __sk_buff *skb)
{
	volatile char buf[320];
	buf[skb->len & 255] = 1;
	bpf_loop(4, body, 0, 0);
	return buf[skb->mark & 255] & 1;
}
char _license[] SEC("license") = "GPL";
