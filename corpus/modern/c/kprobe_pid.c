// A kprobe records the current pid in a hash map.
// expect: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

SEC("kprobe/do_sys_openat2")
int probe(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1;
	bpf_map_update_elem(&seen, &pid, &one, BPF_ANY);
	return 0;
}
char _license[] SEC("license") = "GPL";
