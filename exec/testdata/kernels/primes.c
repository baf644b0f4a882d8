#include "kernels.h"

/* The number of primes below reps, by trial division. */
KERNEL primes(u8 *mem, u64 len)
{
	u32 n = *(u32 *)mem;
	u64 count = 0;
	for (u32 k = 2; k < n; k++) {
		u32 prime = 1;
		for (u32 d = 2; d * d <= k; d++)
			if (k % d == 0) {
				prime = 0;
				break;
			}
		count += prime;
	}
	return count;
}
