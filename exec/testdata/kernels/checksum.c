#include "kernels.h"

/* The 16-bit ones'-complement sum of the data (RFC 1071), reps times. */
KERNEL checksum(u8 *mem, u64 len)
{
	u32 reps = *(u32 *)mem;
	u64 total = 0;
	for (u32 r = 0; r < reps; r++) {
		u64 sum = r;
		for (u64 i = 8; i + 1 < len; i += 2)
			sum += (u64)mem[i] << 8 | mem[i + 1];
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		total += ~sum & 0xffff;
	}
	return total;
}
