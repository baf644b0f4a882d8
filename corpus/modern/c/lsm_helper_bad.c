// An LSM program calls a helper of packet programs, which lsm programs may
// not call (bpf_lsm_func_proto has no bpf_skb_load_bytes).
// expect: reject EINVAL program of this type cannot use helper bpf_skb_load_bytes#26
// kernel-skip: this kernel refuses to load LSM programs (EPERM)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lsm/file_open")
int check_open(unsigned long long *ctx)
{
	char buf[4];
	bpf_skb_load_bytes(ctx, 0, buf, sizeof(buf));
	return 0;
}
char _license[] SEC("license") = "GPL";
