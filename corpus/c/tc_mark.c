// A classifier may write skb->mark and skb->tc_index.
// expect: accept
#include "bpf.h"
SEC("classifier")
int setmark(struct __sk_buff *skb)
{
	skb->mark = skb->len;
	skb->tc_index = 1;
	return 0;
}
char _license[] SEC("license") = "GPL";
