// An LSM program refuses to open files for writing with O_APPEND.
// expect: accept
// kernel-skip: this kernel refuses to load LSM programs (EPERM)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "kernel_types.h"

SEC("lsm/file_open")
int check_open(unsigned long long *ctx)
{
	struct file *f = (void *)ctx[0];
	if (f->f_flags & 02000)
		return -1;
	return 0;
}
char _license[] SEC("license") = "GPL";
