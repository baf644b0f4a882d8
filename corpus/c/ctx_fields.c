// A socket filter reading len, protocol and cb[] and writing cb[0].
// expect: accept
#include "bpf.h"
SEC("socket")
int fields(struct __sk_buff *skb)
{
	skb->cb[0] = skb->len + skb->protocol;
	return skb->cb[4];
}
char _license[] SEC("license") = "GPL";
