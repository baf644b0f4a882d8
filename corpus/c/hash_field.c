// skb->hash exists from 4.3.
// expect: reject EACCES invalid bpf_context access off=68 size=4
// expect linux-4.3: accept
#include "bpf.h"
SEC("socket")
int hash(struct __sk_buff *skb)
{
	return skb->hash;
}
char _license[] SEC("license") = "GPL";
