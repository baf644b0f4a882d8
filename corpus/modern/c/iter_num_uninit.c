// bpf_iter_num_next on an iterator never created.
// expect: reject EINVAL expected an initialized iter_num as arg #0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_iter_num { __u64 __opaque[1]; } __attribute__((aligned(8)));
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

SEC("tc")
int prog(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *v, sum = 0;
	__u8 buf[16] = {};


	while ((v = bpf_iter_num_next(&it))) {
		if (*v >= 0 && *v < 16)
			sum += buf[*v];
	}
	bpf_iter_num_destroy(&it);
	return sum;
}
char _license[] SEC("license") = "GPL";
