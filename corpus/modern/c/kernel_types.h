// Kernel structures as the corpus programs use them: only the members they
// read, with preserve_access_index so that the loader relocates every
// offset against the target kernel's BTF (CO-RE), as vmlinux.h users get.
#ifndef CORPUS_KERNEL_TYPES_H
#define CORPUS_KERNEL_TYPES_H
#define __kernel __attribute__((preserve_access_index))

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
	struct task_struct *real_parent;
	struct mm_struct *mm;
} __kernel;

struct filename {
	const char *name;
} __kernel;

struct file {
	unsigned int f_flags;
} __kernel;

struct sock_common {
	unsigned short skc_family;
} __kernel;

struct sock {
	struct sock_common __sk_common;
	unsigned int sk_priority;
} __kernel;

struct tcp_sock {
	unsigned int snd_cwnd;
	unsigned int snd_ssthresh;
} __kernel;

#endif
