package scalar

import (
	"math"
	"math/bits"
)

// Interval arithmetic on the four ranges. Each function returns the hull of
// the exact results modulo the width, or the full range when they wrap
// around an uneven number of times. The 32-bit ones compute in 64 bits
// exactly and then reduce: a set of results lies in one "epoch" (a block of
// 2^32 consecutive integers aligned as the view requires) when its smallest
// and largest members do, and then it maps onto an interval of the view.

const (
	fullU32Min, fullU32Max = 0, math.MaxUint32
	fullS32Min, fullS32Max = math.MinInt32, math.MaxInt32
)

// reduceU32 maps the integers [lo, hi] (lo <= hi, unsigned 64-bit exact
// values) onto the unsigned 32-bit view.
func reduceU32(lo, hi uint64) (uint32, uint32) {
	if lo>>32 != hi>>32 {
		return fullU32Min, fullU32Max
	}
	return uint32(lo), uint32(hi)
}

// reduceS32 maps the integers [lo, hi] (lo <= hi, exact in int64) onto the
// signed 32-bit view.
func reduceS32(lo, hi int64) (int32, int32) {
	if (lo+1<<31)>>32 != (hi+1<<31)>>32 {
		return fullS32Min, fullS32Max
	}
	return int32(lo), int32(hi)
}

func addU64(amin, amax, bmin, bmax uint64) (uint64, uint64) {
	lo, c1 := bits.Add64(amin, bmin, 0)
	hi, c2 := bits.Add64(amax, bmax, 0)
	if c1 != c2 {
		return 0, math.MaxUint64
	}
	return lo, hi
}

func subU64(amin, amax, bmin, bmax uint64) (uint64, uint64) {
	lo, b1 := bits.Sub64(amin, bmax, 0)
	hi, b2 := bits.Sub64(amax, bmin, 0)
	if b1 != b2 {
		return 0, math.MaxUint64
	}
	return lo, hi
}

// addOvf returns a+b and the direction it wrapped: +1 up, -1 down, 0 not.
func addOvf(a, b int64) (int64, int) {
	s := a + b
	switch {
	case b >= 0 && s < a:
		return s, 1
	case b < 0 && s > a:
		return s, -1
	}
	return s, 0
}

// subOvf returns a-b and the direction it wrapped.
func subOvf(a, b int64) (int64, int) {
	d := a - b
	switch {
	case b > 0 && d > a:
		return d, -1
	case b < 0 && d < a:
		return d, 1
	}
	return d, 0
}

func addS64(amin, amax, bmin, bmax int64) (int64, int64) {
	lo, o1 := addOvf(amin, bmin)
	hi, o2 := addOvf(amax, bmax)
	if o1 != o2 {
		return math.MinInt64, math.MaxInt64
	}
	return lo, hi
}

func subS64(amin, amax, bmin, bmax int64) (int64, int64) {
	lo, o1 := subOvf(amin, bmax)
	hi, o2 := subOvf(amax, bmin)
	if o1 != o2 {
		return math.MinInt64, math.MaxInt64
	}
	return lo, hi
}

func mulU64(amin, amax, bmin, bmax uint64) (uint64, uint64) {
	h1, lo := bits.Mul64(amin, bmin)
	h2, hi := bits.Mul64(amax, bmax)
	if h1 != h2 {
		return 0, math.MaxUint64
	}
	return lo, hi
}

// mulS64 returns a*b and whether it did not overflow.
func mulS64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return p, true
}

func mulS64Range(amin, amax, bmin, bmax int64) (int64, int64) {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, x := range [2]int64{amin, amax} {
		for _, y := range [2]int64{bmin, bmax} {
			p, ok := mulS64(x, y)
			if !ok {
				return math.MinInt64, math.MaxInt64
			}
			lo, hi = min(lo, p), max(hi, p)
		}
	}
	return lo, hi
}

func mulS32Range(amin, amax, bmin, bmax int32) (int32, int32) {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, x := range [2]int64{int64(amin), int64(amax)} {
		for _, y := range [2]int64{int64(bmin), int64(bmax)} {
			p := x * y
			lo, hi = min(lo, p), max(hi, p)
		}
	}
	return reduceS32(lo, hi)
}

// mag returns |x| as an unsigned number (|MinInt64| = 2^63).
func mag(x int64) uint64 {
	if x < 0 {
		return -uint64(x)
	}
	return uint64(x)
}
