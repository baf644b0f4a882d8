// A kprobe whose map key struct has padding that is never written: the
// helper would read uninitialised stack. Linux 6.18 allows that for a
// privileged loader (root, as here), the 2015 kernels never.
// expect linux-4.2: reject EACCES invalid indirect read from stack off -16+4 size 16
// expect linux-4.3: reject EACCES invalid indirect read from stack off -16+4 size 16
// expect linux-6.18: accept
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct key {
	__u32 pid;
	/* 4 bytes of padding */
	__u64 cookie;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct key);
	__type(value, __u64);
} seen SEC(".maps");

SEC("kprobe/do_sys_openat2")
int remember(void *ctx)
{
	struct key k;
	k.pid = bpf_get_current_pid_tgid() >> 32;
	k.cookie = bpf_ktime_get_ns();
	__u64 one = 1;
	bpf_map_update_elem(&seen, &k, &one, BPF_ANY);
	return 0;
}

char _license[] SEC("license") = "GPL";
