// An fmod_ret program on a security_ hook lets it proceed (returns 0, the
// hook's own result unchanged): security_ functions may have their return
// value modified (its neighbour on a function that may not:
// fmod_ret_unlink_bad.c).
// expect: accept
// kernel-skip: this kernel refuses to load fentry programs (EPERM: no trampolines)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("fmod_ret/security_file_open")
int keep_open(unsigned long long *ctx)
{
	return 0;
}
char _license[] SEC("license") = "GPL";
