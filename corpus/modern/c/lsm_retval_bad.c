// An lsm program (not lsm_cgroup) reads bpf_get_retval, which only
// cgroup programs have.
// expect: reject EINVAL program of this type cannot use helper bpf_get_retval#186
// kernel-skip: this kernel refuses to load LSM programs (EPERM)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lsm/socket_bind")
int check_bind(unsigned long long *ctx)
{
	return bpf_get_retval() < 0 ? -1 : 0;
}
char _license[] SEC("license") = "GPL";
