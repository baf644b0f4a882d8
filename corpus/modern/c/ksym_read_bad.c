// ksym_addr.c's kernel function, read through its address: a function's
// ksym points to no readable bytes.
// expect: reject EACCES R1 min value is outside of the allowed memory range
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_init __ksym;

SEC("socket")
int peek(struct __sk_buff *skb)
{
	return *(volatile unsigned char *)&bpf_init;
}
char _license[] SEC("license") = "GPL";
