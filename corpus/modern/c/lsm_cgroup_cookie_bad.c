// An lsm_cgroup program reads an attach cookie: lsm_cgroup programs run
// from the cgroup's shim, not a trampoline, and have none.
// expect: reject EINVAL program of this type cannot use helper bpf_get_attach_cookie#174
// kernel-skip: this kernel refuses to load LSM programs (EPERM)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lsm_cgroup/socket_bind")
int check_bind(unsigned long long *ctx)
{
	return bpf_get_attach_cookie(ctx) == 7 ? 0 : 1;
}
char _license[] SEC("license") = "GPL";
