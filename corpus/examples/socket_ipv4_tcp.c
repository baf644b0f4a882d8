// A socket filter that keeps only IPv4 TCP packets, reading the headers
// with the classic packet loads (LD_ABS), as tcpdump-style filters do.
// expect linux-4.2: accept
// expect linux-4.3: accept
// expect linux-6.18: accept
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");

SEC("socket")
int ipv4_tcp(struct __sk_buff *skb)
{
	if (load_half(skb, 12) != ETH_P_IP)
		return 0;
	if (load_byte(skb, ETH_HLEN + 9) != IPPROTO_TCP)
		return 0;
	return -1; /* keep the whole packet */
}

char _license[] SEC("license") = "GPL";
