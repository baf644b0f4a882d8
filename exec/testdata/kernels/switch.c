#include "kernels.h"

/* A byte-code dispatch loop: each data byte selects one of eight
 * operations on an accumulator, reps times. */
KERNEL dispatch(u8 *mem, u64 len)
{
	u32 reps = *(u32 *)mem;
	u64 acc = 1;
	for (u32 r = 0; r < reps; r++)
		for (u64 i = 8; i < len; i++) {
			switch (mem[i] & 7) {
			case 0: acc += i; break;
			case 1: acc ^= acc << 3; break;
			case 2: acc -= mem[i]; break;
			case 3: acc *= 3; break;
			case 4: acc >>= 1; break;
			case 5: acc |= 0x100; break;
			case 6: acc = ~acc; break;
			default: acc += 7; break;
			}
		}
	return acc;
}
