package scalar

import (
	"math"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Binary returns the Value of dst op src for every pair of values dst and
// src stand for, with BPF semantics: op is an ALU operation of ir (ADD, SUB,
// MUL, DIV, MOD, OR, AND, XOR, LSH, RSH, ARSH; off == 1 makes DIV and MOD
// signed), alu64 selects the 64-bit class, and a 32-bit operation works on
// the low halves and zero-extends its result. Division by zero gives 0,
// modulo by zero leaves dst (its low half in 32 bits), the signed overflow
// MIN/-1 wraps to MIN and MIN%-1 is 0, shift amounts are taken modulo the
// width. A shift by an amount that is not a constant gives Unknown (as the
// kernel does). Any other op (MOV, NEG, END) gives Unknown; use Neg, MovSX,
// Swap for those.
func Binary(op ir.ALUOp, alu64 bool, off int16, dst, src Value) Value {
	if alu64 {
		return binary64(op, off == 1, 63, dst, src)
	}
	signed := off == 1 && (op == ir.ALUDiv || op == ir.ALUMod) || op == ir.ALUArsh
	var a, b Value
	if signed {
		a, b = sext32(dst), sext32(src)
	} else {
		a, b = zext32(dst), zext32(src)
	}
	return Zext32(binary64(op, off == 1, 31, a, b))
}

// binary64 computes a 64-bit op; shiftMask is 63, or 31 for the 32-bit
// shifts, whose operands arrive extended to 64 bits.
func binary64(op ir.ALUOp, signed bool, shiftMask uint64, a, b Value) Value {
	switch op {
	case ir.ALUAdd:
		return add(a, b)
	case ir.ALUSub:
		return sub(a, b)
	case ir.ALUMul:
		return mul(a, b)
	case ir.ALUAnd:
		return and(a, b)
	case ir.ALUOr:
		return or(a, b)
	case ir.ALUXor:
		return Value{T: a.T.Xor(b.T)}.withFullRanges().norm()
	case ir.ALULsh, ir.ALURsh, ir.ALUArsh:
		c, ok := b.Const()
		if !ok {
			return Unknown()
		}
		return shift(op, uint(c&shiftMask), a)
	case ir.ALUDiv:
		if signed {
			return sdiv(a, b)
		}
		return udiv(a, b)
	case ir.ALUMod:
		if signed {
			return smod(a, b)
		}
		return umod(a, b)
	}
	return Unknown()
}

// withFullRanges sets every range of v to its full extent (v.T is kept).
func (v Value) withFullRanges() Value {
	u := Unknown()
	u.T = v.T
	return u
}

func add(a, b Value) Value {
	r := Value{T: a.T.Add(b.T)}
	r.UMin, r.UMax = addU64(a.UMin, a.UMax, b.UMin, b.UMax)
	r.SMin, r.SMax = addS64(a.SMin, a.SMax, b.SMin, b.SMax)
	r.U32Min, r.U32Max = reduceU32(uint64(a.U32Min)+uint64(b.U32Min), uint64(a.U32Max)+uint64(b.U32Max))
	r.S32Min, r.S32Max = reduceS32(int64(a.S32Min)+int64(b.S32Min), int64(a.S32Max)+int64(b.S32Max))
	return r.norm()
}

func sub(a, b Value) Value {
	r := Value{T: a.T.Sub(b.T)}
	r.UMin, r.UMax = subU64(a.UMin, a.UMax, b.UMin, b.UMax)
	r.SMin, r.SMax = subS64(a.SMin, a.SMax, b.SMin, b.SMax)
	r.U32Min, r.U32Max = reduceU32(uint64(a.U32Min)-uint64(b.U32Max)+1<<32, uint64(a.U32Max)-uint64(b.U32Min)+1<<32)
	r.S32Min, r.S32Max = reduceS32(int64(a.S32Min)-int64(b.S32Max), int64(a.S32Max)-int64(b.S32Min))
	return r.norm()
}

func mul(a, b Value) Value {
	r := Value{T: a.T.Mul(b.T)}
	r.UMin, r.UMax = mulU64(a.UMin, a.UMax, b.UMin, b.UMax)
	r.SMin, r.SMax = mulS64Range(a.SMin, a.SMax, b.SMin, b.SMax)
	r.U32Min, r.U32Max = reduceU32(uint64(a.U32Min)*uint64(b.U32Min), uint64(a.U32Max)*uint64(b.U32Max))
	r.S32Min, r.S32Max = mulS32Range(a.S32Min, a.S32Max, b.S32Min, b.S32Max)
	return r.norm()
}

func and(a, b Value) Value {
	r := Value{T: a.T.And(b.T)}.withFullRanges()
	// x&y is at most x and at most y, unsigned.
	r.UMax = min(a.UMax, b.UMax)
	r.U32Max = min(a.U32Max, b.U32Max)
	// With one side non-negative the result lies in [0, that side]; with
	// both negative it is negative and at most either.
	switch {
	case a.SMin >= 0 && b.SMin >= 0:
		r.SMin, r.SMax = 0, min(a.SMax, b.SMax)
	case a.SMin >= 0:
		r.SMin, r.SMax = 0, a.SMax
	case b.SMin >= 0:
		r.SMin, r.SMax = 0, b.SMax
	case a.SMax < 0 && b.SMax < 0:
		r.SMax = min(a.SMax, b.SMax)
	}
	switch {
	case a.S32Min >= 0 && b.S32Min >= 0:
		r.S32Min, r.S32Max = 0, min(a.S32Max, b.S32Max)
	case a.S32Min >= 0:
		r.S32Min, r.S32Max = 0, a.S32Max
	case b.S32Min >= 0:
		r.S32Min, r.S32Max = 0, b.S32Max
	case a.S32Max < 0 && b.S32Max < 0:
		r.S32Max = min(a.S32Max, b.S32Max)
	}
	return r.norm()
}

func or(a, b Value) Value {
	r := Value{T: a.T.Or(b.T)}.withFullRanges()
	// x|y is at least x and at least y, unsigned.
	r.UMin = max(a.UMin, b.UMin)
	r.U32Min = max(a.U32Min, b.U32Min)
	// Both non-negative: non-negative and at least either. One side
	// negative: negative and at least that side.
	switch {
	case a.SMin >= 0 && b.SMin >= 0:
		r.SMin = max(a.SMin, b.SMin)
	case a.SMax < 0 && b.SMax < 0:
		r.SMin, r.SMax = max(a.SMin, b.SMin), -1
	case a.SMax < 0:
		r.SMin, r.SMax = a.SMin, -1
	case b.SMax < 0:
		r.SMin, r.SMax = b.SMin, -1
	}
	switch {
	case a.S32Min >= 0 && b.S32Min >= 0:
		r.S32Min = max(a.S32Min, b.S32Min)
	case a.S32Max < 0 && b.S32Max < 0:
		r.S32Min, r.S32Max = max(a.S32Min, b.S32Min), -1
	case a.S32Max < 0:
		r.S32Min, r.S32Max = a.S32Min, -1
	case b.S32Max < 0:
		r.S32Min, r.S32Max = b.S32Min, -1
	}
	return r.norm()
}

// shift shifts every value of a by the constant k (0 <= k < 64).
func shift(op ir.ALUOp, k uint, a Value) Value {
	if k == 0 {
		return a
	}
	switch op {
	case ir.ALULsh:
		r := Value{T: a.T.Lsh(k)}.withFullRanges()
		if a.UMax <= math.MaxUint64>>k {
			r.UMin, r.UMax = a.UMin<<k, a.UMax<<k
		}
		if a.SMin >= math.MinInt64>>k && a.SMax <= math.MaxInt64>>k {
			r.SMin, r.SMax = a.SMin<<k, a.SMax<<k
		}
		if k >= 32 {
			// The result is the low half shifted by j = k-32 in 32 bits,
			// placed high: its bounds come from the 32-bit ones.
			j := k - 32
			if a.U32Max <= math.MaxUint32>>j {
				r.UMin, r.UMax = max(r.UMin, uint64(a.U32Min<<j)<<32), min(r.UMax, uint64(a.U32Max<<j)<<32)
			}
			if a.S32Min >= math.MinInt32>>j && a.S32Max <= math.MaxInt32>>j {
				r.SMin, r.SMax = max(r.SMin, int64(a.S32Min<<j)<<32), min(r.SMax, int64(a.S32Max<<j)<<32)
			}
		} else {
			if a.U32Max <= math.MaxUint32>>k {
				r.U32Min, r.U32Max = a.U32Min<<k, a.U32Max<<k
			}
			if a.S32Min >= math.MinInt32>>k && a.S32Max <= math.MaxInt32>>k {
				r.S32Min, r.S32Max = a.S32Min<<k, a.S32Max<<k
			}
		}
		return r.norm()
	case ir.ALURsh:
		r := Value{T: a.T.Rsh(k)}.withFullRanges()
		r.UMin, r.UMax = a.UMin>>k, a.UMax>>k
		return r.norm()
	case ir.ALUArsh:
		r := Value{T: a.T.Arsh(k)}.withFullRanges()
		r.SMin, r.SMax = a.SMin>>k, a.SMax>>k
		return r.norm()
	}
	return Unknown()
}

func udiv(a, b Value) Value {
	if b.UMax == 0 {
		return Const(0)
	}
	// Divisors 0 give 0; the others at least max(UMin, 1).
	lo, hi := a.UMin/b.UMax, a.UMax/max(b.UMin, 1)
	if b.UMin == 0 {
		lo = 0
	}
	return FromRange(lo, hi)
}

func umod(a, b Value) Value {
	if b.UMax == 0 {
		return a
	}
	if b.UMin > a.UMax {
		return a // every divisor exceeds every dividend
	}
	// x%y <= x, and x%y < y when y > 0; y == 0 leaves x.
	hi := a.UMax
	if b.UMin > 0 {
		hi = min(hi, b.UMax-1)
	}
	return FromRange(0, hi)
}

func sdiv(a, b Value) Value {
	if c, ok := b.Const(); ok {
		switch d := int64(c); {
		case d == 0:
			return Const(0)
		case d == -1:
			return sub(Const(0), a) // -x, MIN wrapping to MIN
		case d > 0:
			return FromSRange(a.SMin/d, a.SMax/d)
		default:
			return FromSRange(a.SMax/d, a.SMin/d)
		}
	}
	// |x/y| <= |x|; the only result outside [-m, m] is MIN/-1 == MIN, which
	// needs m == 2^63 and so the full range anyway.
	m := max(mag(a.SMin), mag(a.SMax))
	if m >= 1<<63 {
		return Unknown()
	}
	return FromSRange(-int64(m), int64(m))
}

func smod(a, b Value) Value {
	// The result has the dividend's sign (or is 0), is at most the
	// dividend in magnitude, and is smaller than the divisor in magnitude;
	// a zero divisor leaves the dividend.
	lo, hi := min(a.SMin, 0), max(a.SMax, 0)
	zero := b.SMin <= 0 && 0 <= b.SMax
	if b.SMin == 0 && b.SMax == 0 {
		return a
	}
	if !zero {
		m := max(mag(b.SMin), mag(b.SMax)) - 1 // largest |result|
		if m < 1<<63 {
			lo, hi = max(lo, -int64(m)), min(hi, int64(m))
		}
	}
	return FromSRange(lo, hi)
}

// Neg returns the Value of -x for every x of v (in 32 bits, of the low half,
// zero-extended).
func Neg(alu64 bool, v Value) Value { return Binary(ir.ALUSub, alu64, 0, Const(0), v) }

// Zext32 returns the Value of the low halves of v's values, zero-extended:
// what mov32 and every ALU32 result leave in a register.
func Zext32(v Value) Value { return zext32(v).norm() }

// zext32 is Zext32 without normalising: sound, for an operand.
func zext32(v Value) Value {
	return Value{
		T:    v.T.Low32(),
		UMin: uint64(v.U32Min), UMax: uint64(v.U32Max),
		SMin: int64(v.U32Min), SMax: int64(v.U32Max),
		U32Min: v.U32Min, U32Max: v.U32Max, S32Min: v.S32Min, S32Max: v.S32Max,
	}
}

// sext32 is MovSX(true, 32, v) without normalising: sound, for an operand.
func sext32(v Value) Value {
	return Value{
		T:    v.T.SExt(32),
		UMin: 0, UMax: math.MaxUint64,
		SMin: int64(v.S32Min), SMax: int64(v.S32Max),
		U32Min: v.U32Min, U32Max: v.U32Max, S32Min: v.S32Min, S32Max: v.S32Max,
	}
}
