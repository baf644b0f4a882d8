// A proprietary program calling the GPL-only ktime_get_ns.
// expect: reject EINVAL cannot call GPL only function from proprietary program
#include "bpf.h"
SEC("socket")
int now(struct __sk_buff *skb)
{
	return bpf_ktime_get_ns() & 1;
}
char _license[] SEC("license") = "Proprietary";
