// The iterator loop of iter_num.c with its bound check one too loose.
// expect: reject EACCES invalid read from stack R2 var_off (0x0; 0x1f)+16 size 1
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

	bpf_iter_num_new(&it, 0, 16);
	while ((v = bpf_iter_num_next(&it))) {
		if (*v >= 0 && *v <= 16)
			sum += buf[*v];
	}
	bpf_iter_num_destroy(&it);
	return sum;
}
char _license[] SEC("license") = "GPL";
