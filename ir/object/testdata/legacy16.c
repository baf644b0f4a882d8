/* A 2015-style object: 16-byte map definitions without map_flags. */
typedef unsigned int u32;
typedef unsigned long long u64;
#define SEC(n) __attribute__((section(n), used))
struct bpf_map_def { u32 type, key_size, value_size, max_entries; };
static void *(*bpf_map_lookup_elem)(void *map, void *key) = (void *)1;

struct bpf_map_def SEC("maps") first = { .type = 2, .key_size = 4, .value_size = 8, .max_entries = 16 };
struct bpf_map_def SEC("maps") second = { .type = 1, .key_size = 8, .value_size = 32, .max_entries = 1024 };

SEC("socket1")
int prog(void *skb)
{
	u32 k = 1;
	u64 k2 = 2;
	u64 *a = bpf_map_lookup_elem(&first, &k);
	u64 *b = bpf_map_lookup_elem(&second, &k2);
	return (a ? *a : 0) + (b ? *b : 0);
}
char _license[] SEC("license") = "GPL";
