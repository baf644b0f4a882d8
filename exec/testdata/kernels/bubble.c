#include "kernels.h"

#define N 64

/* Bubble sort of N pseudo-random u32 in the data, refilled reps times;
 * returns a position-weighted sum of the sorted values. */
KERNEL bubble(u8 *mem, u64 len)
{
	u32 reps = *(u32 *)mem;
	u32 *a = (u32 *)(mem + 8);
	u64 out = 0;
	if (len < 8 + 4 * N)
		return 0;
	u32 x = 12345;
	for (u32 r = 0; r < reps; r++) {
		for (u32 i = 0; i < N; i++) {
			x = x * 1103515245 + 12345;
			a[i] = x >> 8;
		}
		for (u32 i = 0; i < N; i++)
			for (u32 j = 0; j + 1 < N - i; j++)
				if (a[j] > a[j + 1]) {
					u32 t = a[j];
					a[j] = a[j + 1];
					a[j + 1] = t;
				}
		for (u32 i = 0; i < N; i++)
			out += (u64)a[i] * (i + 1);
	}
	return out;
}
