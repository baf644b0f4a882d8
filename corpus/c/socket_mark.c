// A socket filter may not write skb->mark.
// expect: reject EACCES invalid bpf_context access off=8 size=4
#include "bpf.h"
SEC("socket")
int setmark(struct __sk_buff *skb)
{
	skb->mark = 7;
	return 0;
}
char _license[] SEC("license") = "GPL";
