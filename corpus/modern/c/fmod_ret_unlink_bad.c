// An fmod_ret program on do_unlinkat, which is neither a security_ hook,
// nor on the error-injection list, nor a kfunc registered for fmod_ret:
// its return value may not be modified.
// expect: reject EINVAL do_unlinkat() is not modifiable
// kernel-skip: this kernel refuses to load fentry programs (EPERM: no trampolines)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("fmod_ret/do_unlinkat")
int fail_unlink(unsigned long long *ctx)
{
	return -1;
}
char _license[] SEC("license") = "GPL";
