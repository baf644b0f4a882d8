#include "kernels.h"

/* 64-bit FNV-1a over the data, chained reps times. */
KERNEL fnv1a(u8 *mem, u64 len)
{
	u32 reps = *(u32 *)mem;
	u64 h = 14695981039346656037ULL;
	for (u32 r = 0; r < reps; r++)
		for (u64 i = 8; i < len; i++) {
			h ^= mem[i];
			h *= 1099511628211ULL;
		}
	return h;
}
