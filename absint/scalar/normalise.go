package scalar

import "math"

// Normalisation: each component of a Value is narrowed by what the others
// imply, the way the kernel's reg_bounds_sync does, with these deductions:
//
//   - tnum -> ranges: the smallest and largest values the tnum allows in each
//     of the four views;
//   - unsigned <-> signed, in 64 and in 32 bits: the exact hull of the
//     intersection of the two intervals (a signed interval is a wrapped
//     unsigned one and vice versa);
//   - 64 -> 32: when a 64-bit interval spans fewer than 2^32 values, its low
//     32 bits form one wrapped interval, which narrows both 32-bit ranges;
//   - 32 -> 64: the 64-bit bounds move to the nearest values whose low 32
//     bits lie inside each 32-bit range;
//   - ranges -> tnum: the tnum of each interval (TnumRange) intersected in.
//
// Every deduction only removes values that no component allows, so
// normalisation never loses a concrete value (TestNormaliseKeepsValues).
// It repeats until nothing changes, at most normRounds times.

const normRounds = 4

const signBit64 = uint64(1) << 63
const signBit32 = uint32(1) << 31

// normalise returns v normalised, and false when it finds v empty.
func (v Value) normalise() (Value, bool) {
	if v.T.Mask == 0 { // a constant tnum: the constant, if the ranges allow it
		c := Const(v.T.Value)
		return c, v.Contains(c.T.Value)
	}
	for range normRounds {
		old := v
		if !v.syncOnce() {
			return Value{}, false
		}
		if v == old {
			break
		}
	}
	return v, true
}

func (v *Value) syncOnce() bool {
	t, lo := v.T, v.T.Low32()
	// tnum -> ranges: each bound moves to the nearest value the tnum
	// allows (an empty range or none allowed: v is empty).
	var ok bool
	if v.UMin, v.UMax, ok = t.clamp(v.UMin, v.UMax); !ok {
		return false
	}
	var smin, smax uint64
	ts := Tnum{t.Value ^ signBit64&^t.Mask, t.Mask} // signed order: sign bit flipped
	if smin, smax, ok = ts.clamp(uint64(v.SMin)^signBit64, uint64(v.SMax)^signBit64); !ok {
		return false
	}
	v.SMin, v.SMax = int64(smin^signBit64), int64(smax^signBit64)
	var a, b uint64
	if a, b, ok = lo.clamp(uint64(v.U32Min), uint64(v.U32Max)); !ok {
		return false
	}
	v.U32Min, v.U32Max = uint32(a), uint32(b)
	lo32s := Tnum{lo.Value ^ uint64(signBit32)&^lo.Mask, lo.Mask}
	if a, b, ok = lo32s.clamp(uint64(uint32(v.S32Min)^signBit32), uint64(uint32(v.S32Max)^signBit32)); !ok {
		return false
	}
	v.S32Min, v.S32Max = int32(uint32(a)^signBit32), int32(uint32(b)^signBit32)

	// unsigned <-> signed in both widths: each interval meets the other
	// read as a wrapped interval of its own order (signed order is unsigned
	// order with the sign bit flipped).
	su, sl := uint64(v.SMin), uint64(v.SMax)-uint64(v.SMin)
	uu, ul := v.UMin^signBit64, v.UMax-v.UMin
	if v.UMin, v.UMax, ok = meetWrapped64(v.UMin, v.UMax, su, sl); !ok {
		return false
	}
	if smin, smax, ok = meetWrapped64(uint64(v.SMin)^signBit64, uint64(v.SMax)^signBit64, uu, ul); !ok {
		return false
	}
	v.SMin, v.SMax = int64(smin^signBit64), int64(smax^signBit64)

	su32, sl32 := uint32(v.S32Min), uint32(v.S32Max)-uint32(v.S32Min)
	uu32, ul32 := v.U32Min^signBit32, v.U32Max-v.U32Min
	if v.U32Min, v.U32Max, ok = meetWrapped32(v.U32Min, v.U32Max, su32, sl32); !ok {
		return false
	}
	var s32min, s32max uint32
	if s32min, s32max, ok = meetWrapped32(uint32(v.S32Min)^signBit32, uint32(v.S32Max)^signBit32, uu32, ul32); !ok {
		return false
	}
	v.S32Min, v.S32Max = int32(s32min^signBit32), int32(s32max^signBit32)

	// 64 -> 32: a 64-bit interval of fewer than 2^32 values has low halves
	// forming one wrapped 32-bit interval.
	for _, w := range [2][2]uint64{{v.UMin, v.UMax}, {uint64(v.SMin), uint64(v.SMax)}} {
		n := w[1] - w[0]
		if n > math.MaxUint32 {
			continue
		}
		start, length := uint32(w[0]), uint32(n)
		if v.U32Min, v.U32Max, ok = meetWrapped32(v.U32Min, v.U32Max, start, length); !ok {
			return false
		}
		if s32min, s32max, ok = meetWrapped32(uint32(v.S32Min)^signBit32, uint32(v.S32Max)^signBit32, start^signBit32, length); !ok {
			return false
		}
		v.S32Min, v.S32Max = int32(s32min^signBit32), int32(s32max^signBit32)
	}

	// 32 -> 64: move each 64-bit bound to the nearest value whose low half
	// lies in each 32-bit range.
	for _, w := range [2][2]uint32{{v.U32Min, v.U32Max - v.U32Min}, {uint32(v.S32Min), uint32(v.S32Max) - uint32(v.S32Min)}} {
		if v.UMin, v.UMax, ok = tightenLow32(v.UMin, v.UMax, w[0], w[1]); !ok {
			return false
		}
		if smin, smax, ok = tightenLow32(uint64(v.SMin)^signBit64, uint64(v.SMax)^signBit64, w[0], w[1]); !ok {
			return false
		}
		v.SMin, v.SMax = int64(smin^signBit64), int64(smax^signBit64)
	}

	// ranges -> tnum.
	if t, ok = t.Intersect(TnumRange(v.UMin, v.UMax)); !ok {
		return false
	}
	if (v.SMin < 0) == (v.SMax < 0) {
		if t, ok = t.Intersect(TnumRange(uint64(v.SMin), uint64(v.SMax))); !ok {
			return false
		}
	}
	lo = t.Low32()
	if lo, ok = lo.Intersect(TnumRange(uint64(v.U32Min), uint64(v.U32Max))); !ok {
		return false
	}
	if (v.S32Min < 0) == (v.S32Max < 0) {
		if lo, ok = lo.Intersect(TnumRange(uint64(uint32(v.S32Min)), uint64(uint32(v.S32Max)))); !ok {
			return false
		}
	}
	v.T = t.WithLow32(lo)
	return true
}

// clamp returns [a, b] narrowed to its smallest and largest members of t,
// and false when t has none in it.
func (t Tnum) clamp(a, b uint64) (uint64, uint64, bool) {
	a, ok1 := t.Next(a)
	b, ok2 := t.Prev(b)
	return a, b, ok1 && ok2 && a <= b
}

// meetWrapped64 returns the hull of [a, b] (a <= b) intersected with the
// wrapped interval of the length+1 values start, start+1, ... (mod 2^64),
// and false when the intersection is empty.
func meetWrapped64(a, b, start, length uint64) (uint64, uint64, bool) {
	end := start + length
	if end >= start { // not wrapping: an ordinary interval
		a, b = max(a, start), min(b, end)
		return a, b, a <= b
	}
	// [start, max] ∪ [0, end]
	low := a <= end    // [a, b] meets [0, end]
	high := b >= start // [a, b] meets [start, max]
	switch {
	case low && high:
		return a, b, true
	case low:
		return a, min(b, end), true
	case high:
		return max(a, start), b, true
	}
	return 0, 0, false
}

// meetWrapped32 is meetWrapped64 in 32 bits.
func meetWrapped32(a, b, start, length uint32) (uint32, uint32, bool) {
	end := start + length
	if end >= start {
		a, b = max(a, start), min(b, end)
		return a, b, a <= b
	}
	low := a <= end
	high := b >= start
	switch {
	case low && high:
		return a, b, true
	case low:
		return a, min(b, end), true
	case high:
		return max(a, start), b, true
	}
	return 0, 0, false
}

// tightenLow32 returns [lo, hi] narrowed to its smallest and largest values
// whose low 32 bits are among start, start+1, ..., start+length (mod 2^32),
// and false when there is none.
func tightenLow32(lo, hi uint64, start, length uint32) (uint64, uint64, bool) {
	if length == math.MaxUint32 {
		return lo, hi, true
	}
	if d := uint32(lo) - start; d > length {
		up := uint64(start - uint32(lo)) // distance to the next value with low half start
		if lo+up < lo {
			return 0, 0, false
		}
		lo += up
	}
	if d := uint32(hi) - start; d > length {
		down := uint64(d - length) // distance back to the last value with low half start+length
		if hi < down {
			return 0, 0, false
		}
		hi -= down
	}
	return lo, hi, lo <= hi
}
