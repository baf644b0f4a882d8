// An LSM program reads its attach cookie: lsm programs run on a trampoline,
// so bpf_get_attach_cookie is theirs (its lsm_cgroup neighbour:
// lsm_cgroup_cookie_bad.c).
// expect: accept
// kernel-skip: this kernel refuses to load LSM programs (EPERM)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lsm/file_open")
int check_open(unsigned long long *ctx)
{
	return bpf_get_attach_cookie(ctx) == 7 ? -1 : 0;
}
char _license[] SEC("license") = "GPL";
