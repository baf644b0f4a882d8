package scalar

import "math/bits"

// MovSX returns the Value of the low n bits (n = 8, 16 or 32) of v's values
// sign-extended: to 64 bits for alu64 (movsx), to 32 bits and then
// zero-extended for ALU32 (movsx32, n = 8 or 16). Another n gives Unknown.
func MovSX(alu64 bool, n int, v Value) Value {
	if n != 8 && n != 16 && n != 32 || !alu64 && n == 32 {
		return Unknown()
	}
	r := sext(uint(n), v)
	if !alu64 {
		return Zext32(r)
	}
	return r
}

// SignExtendLoad returns the Value a sign-extending load of n bits
// (n = 8, 16 or 32) leaves when the memory read holds v (v's low n bits
// matter): the low n bits sign-extended to 64.
func SignExtendLoad(n int, v Value) Value { return MovSX(true, n, v) }

// Trunc returns the Value of the low n bits (n = 8, 16, 32 or 64) of v's
// values, zero-extended: what a narrow load of a known value leaves.
func Trunc(n int, v Value) Value {
	switch n {
	case 64:
		return v
	case 32:
		return Zext32(v)
	case 8, 16:
		r := Value{T: v.T.Trunc(uint(n))}.withFullRanges()
		if lo, hi, ok := lowBits(uint(n), v); ok {
			r.UMin, r.UMax = lo, hi
		}
		return r.norm()
	}
	return Unknown()
}

// LoadResult returns the Value of an unknown n-byte (1, 2, 4 or 8)
// zero-extending load: [0, 2^(8n)-1].
func LoadResult(n int) Value {
	if n >= 8 || n < 1 {
		return Unknown()
	}
	return FromTnum(Tnum{0, 1<<(8*uint(n)) - 1})
}

// SignedLoadResult returns the Value of an unknown n-byte (1, 2 or 4)
// sign-extending load: [-2^(8n-1), 2^(8n-1)-1].
func SignedLoadResult(n int) Value {
	if n >= 8 || n < 1 {
		return Unknown()
	}
	return SignExtendLoad(8*n, Unknown())
}

// lowBits returns the unsigned interval of the low n bits (n < 32) of v's
// values, when some 64- or 32-bit range of v spans fewer than 2^n values
// without crossing a multiple of 2^n.
func lowBits(n uint, v Value) (uint64, uint64, bool) {
	m := uint64(1)<<n - 1
	for _, w := range [3][2]uint64{{v.UMin, v.UMax}, {uint64(v.SMin), uint64(v.SMax)}, {uint64(v.U32Min), uint64(v.U32Max)}} {
		if w[0]>>n == w[1]>>n {
			return w[0] & m, w[1] & m, true
		}
	}
	return 0, m, false
}

// sext returns the Value of v's low n bits (n = 8, 16, 32) sign-extended
// to 64 bits.
func sext(n uint, v Value) Value {
	top := int64(1)<<(n-1) - 1
	r := Value{T: v.T.SExt(n)}.withFullRanges()
	r.SMin, r.SMax = -top-1, top
	// A range whose values, read as n-bit signed numbers, run without
	// crossing the n-bit sign boundary maps onto one signed interval.
	for _, w := range [4][2]uint64{
		{v.UMin, v.UMax}, {uint64(v.SMin), uint64(v.SMax)},
		{uint64(v.U32Min), uint64(v.U32Max)}, {uint64(int64(v.S32Min)), uint64(int64(v.S32Max))},
	} {
		length := w[1] - w[0]
		if length >= 1<<n {
			continue
		}
		s := int64(w[0]<<(64-n)) >> (64 - n)
		if e := s + int64(length); e <= top {
			r.SMin, r.SMax = max(r.SMin, s), min(r.SMax, e)
		}
	}
	return r.norm()
}

// SwapKind says which byte swap an END instruction performs.
type SwapKind uint8

// Byte swaps of the END instruction on a little-endian target.
const (
	SwapToLE   SwapKind = iota // ALU|END|TO_LE: truncation to the width (no swap on little endian)
	SwapToBE                   // ALU|END|TO_BE: swap the bytes of the low n bits
	SwapAlways                 // ALU64|END (bswap): swap the bytes of the low n bits
)

// Swap returns the Value of an END instruction of kind k and width n (16,
// 32 or 64) applied to every value of v, on a little-endian target; the
// result is zero-extended from n bits. Another n gives Unknown.
func Swap(k SwapKind, n int, v Value) Value {
	if n != 16 && n != 32 && n != 64 {
		return Unknown()
	}
	if k == SwapToLE {
		return Trunc(n, v)
	}
	t := v.T
	switch n {
	case 16:
		t = Tnum{uint64(bits.ReverseBytes16(uint16(t.Value))), uint64(bits.ReverseBytes16(uint16(t.Mask)))}
	case 32:
		t = Tnum{uint64(bits.ReverseBytes32(uint32(t.Value))), uint64(bits.ReverseBytes32(uint32(t.Mask)))}
	default:
		t = Tnum{bits.ReverseBytes64(t.Value), bits.ReverseBytes64(t.Mask)}
	}
	return FromTnum(t)
}
