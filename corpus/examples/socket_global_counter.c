// A socket filter that counts into a global variable: global data (.bss)
// came in Linux 5.2; the 2015 kernels do not know the ld_imm64 it needs.
// expect linux-4.2: reject EINVAL unrecognized bpf_ld_imm64 insn
// expect linux-4.3: reject EINVAL unrecognized bpf_ld_imm64 insn
// expect linux-6.18: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 packets;

SEC("socket")
int count_all(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&packets, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
