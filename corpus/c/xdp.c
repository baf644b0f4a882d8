// XDP arrived in 2016: the 2015 profiles do not know the program type.
// expect: unsupported program type xdp is not known to linux-4.2
// expect linux-4.3: unsupported program type xdp is not known to linux-4.3
#include "bpf.h"
SEC("xdp")
int pass(void *ctx)
{
	return 2;
}
char _license[] SEC("license") = "GPL";
