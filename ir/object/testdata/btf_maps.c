/* A classifier with a BTF-defined hash map and a .text subprogram. */
typedef unsigned int u32;
typedef unsigned long long u64;
#define SEC(n) __attribute__((section(n), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
static void *(*bpf_map_lookup_elem)(void *map, void *key) = (void *)1;

struct {
	__uint(type, 1);
	__uint(max_entries, 64);
	__type(key, u32);
	__type(value, u64);
} flows SEC(".maps");

static __attribute__((noinline)) int bump(u32 k)
{
	u64 *v = bpf_map_lookup_elem(&flows, &k);
	if (!v)
		return 0;
	*v += 1;
	return 1;
}

SEC("classifier")
int classify(void *skb)
{
	return bump(3) + bump(4);
}

char _license[] SEC("license") = "Dual BSD/GPL";
