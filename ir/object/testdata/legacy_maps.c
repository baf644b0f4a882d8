/* A socket filter that counts packets per protocol in a legacy map. */
typedef unsigned int u32;
typedef unsigned long long u64;
#define SEC(n) __attribute__((section(n), used))
struct bpf_map_def { u32 type, key_size, value_size, max_entries, map_flags; };
static void *(*bpf_map_lookup_elem)(void *map, void *key) = (void *)1;
static long (*bpf_map_update_elem)(void *map, void *key, void *value, u64 flags) = (void *)2;

struct bpf_map_def SEC("maps") counts = { .type = 2, .key_size = 4, .value_size = 8, .max_entries = 256 };
struct bpf_map_def SEC("maps") seen = { .type = 1, .key_size = 8, .value_size = 8, .max_entries = 1024 };

SEC("socket1")
int count_proto(void *skb)
{
	u32 key = 6;
	u64 *v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	u64 k = 1, one = 1;
	bpf_map_update_elem(&seen, &k, &one, 0);
	return 0;
}

SEC("kprobe/sys_write")
int probe_write(void *ctx)
{
	u32 key = 1;
	u64 *v = bpf_map_lookup_elem(&counts, &key);
	return v ? 1 : 0;
}

char _license[] SEC("license") = "GPL";
