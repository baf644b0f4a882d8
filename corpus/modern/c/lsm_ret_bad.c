// An LSM program returns 0 or a negative errno, never 1.
// expect: reject EINVAL At program exit the register R0 has smin=1 smax=1 should have been in [-4095, 0]
// kernel-skip: this kernel refuses to load LSM programs (EPERM)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lsm/file_open")
int check_open(unsigned long long *ctx)
{
	return 1;
}
char _license[] SEC("license") = "GPL";
