// A tracepoint program reads past its record (PERF_MAX_TRACE_SIZE, 8192 bytes).
// expect: reject EACCES invalid bpf_context access off=8192 size=8
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/raw_syscalls/sys_enter")
int on_enter(void *ctx)
{
	return *(volatile long *)((char *)ctx + 8192) == 0;
}
char _license[] SEC("license") = "GPL";
