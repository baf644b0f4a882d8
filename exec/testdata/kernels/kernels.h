/* The compute kernels of bpfcheck's execution benchmarks. Each is one
 * function of the plugin protocol: r1 = memory, r2 = its length. The first
 * four bytes of the memory are the repetition count, the data follows
 * from byte 8. */
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
#define KERNEL __attribute__((section("kernel"))) u64
