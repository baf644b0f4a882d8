// An lsm_cgroup program reads the return value earlier programs set
// (bpf_get_retval, one of cgroup_common_func_proto's).
// expect: accept
// kernel-skip: this kernel refuses to load LSM programs (EPERM)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lsm_cgroup/socket_bind")
int check_bind(unsigned long long *ctx)
{
	return bpf_get_retval() < 0 ? 0 : 1;
}
char _license[] SEC("license") = "GPL";
