// A kprobe with a loop clang does not unroll: kernels before 5.3 refuse
// every back-edge.
// expect linux-4.2: reject EINVAL back-edge from insn 13 to 7
// expect linux-4.3: reject EINVAL back-edge from insn 13 to 7
// expect linux-6.18: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_sys_openat2")
int spin(void *ctx)
{
	__u64 t = bpf_ktime_get_ns(), sum = 0;
	#pragma nounroll
	for (__u32 i = 0; i < (t & 15); i++)
		sum = sum * 31 + (t >> i);
	return sum & 1;
}

char _license[] SEC("license") = "GPL";
