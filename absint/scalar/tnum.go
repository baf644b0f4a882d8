package scalar

import (
	"fmt"
	"math/bits"
)

// Tnum is a set of 64-bit values known bit by bit (a tristate number): bits
// set in Mask are unknown, every other bit equals the same bit of Value. A
// well-formed Tnum has Value&Mask == 0; every operation here returns one.
type Tnum struct{ Value, Mask uint64 }

// TnumUnknown is the tnum of every 64-bit value.
var TnumUnknown = Tnum{0, ^uint64(0)}

// TnumConst returns the tnum of exactly c.
func TnumConst(c uint64) Tnum { return Tnum{c, 0} }

// TnumRange returns the smallest tnum that holds every value of [lo, hi]
// (lo <= hi): the bits above the highest bit where lo and hi differ are
// known, the rest unknown.
func TnumRange(lo, hi uint64) Tnum {
	n := bits.Len64(lo ^ hi)
	if n == 64 {
		return TnumUnknown
	}
	low := uint64(1)<<n - 1
	return Tnum{lo &^ low, low}
}

// IsConst reports whether t holds a single value.
func (t Tnum) IsConst() bool { return t.Mask == 0 }

// IsUnknown reports whether t holds every value.
func (t Tnum) IsUnknown() bool { return t.Mask == ^uint64(0) }

// Contains reports whether x is one of t's values.
func (t Tnum) Contains(x uint64) bool { return x&^t.Mask == t.Value }

// Includes reports whether every value of u is one of t's values.
func (t Tnum) Includes(u Tnum) bool {
	return u.Mask&^t.Mask == 0 && u.Value&^t.Mask == t.Value
}

// Min and Max are t's smallest and largest values as unsigned numbers.
func (t Tnum) Min() uint64 { return t.Value }

// Max returns t's largest value as an unsigned number.
func (t Tnum) Max() uint64 { return t.Value | t.Mask }

// SMin returns t's smallest value as a signed number.
func (t Tnum) SMin() int64 { return int64(t.Value | t.Mask&(1<<63)) }

// SMax returns t's largest value as a signed number.
func (t Tnum) SMax() int64 { return int64(t.Value | t.Mask&^(1<<63)) }

// Add returns a tnum holding a+b for every a in t and b in u. A bit of the
// sum is unknown when it is unknown in either operand or when a carry into
// it can differ; the carries can differ exactly where the sums of the
// smallest and of the largest choices differ.
func (t Tnum) Add(u Tnum) Tnum {
	lo := t.Value + u.Value
	hi := lo + t.Mask + u.Mask
	m := (lo ^ hi) | t.Mask | u.Mask
	return Tnum{lo &^ m, m}
}

// Sub returns a tnum holding a-b for every a in t and b in u (borrows
// treated as Add treats carries).
func (t Tnum) Sub(u Tnum) Tnum {
	d := t.Value - u.Value
	hi := d + t.Mask
	lo := d - u.Mask
	m := (hi ^ lo) | t.Mask | u.Mask
	return Tnum{d &^ m, m}
}

// Neg returns a tnum holding -a for every a in t.
func (t Tnum) Neg() Tnum { return TnumConst(0).Sub(t) }

// And returns a tnum holding a&b: a result bit is known 1 when both are
// known 1, known 0 when either is known 0.
func (t Tnum) And(u Tnum) Tnum {
	one := t.Value & u.Value
	maybe := (t.Value | t.Mask) & (u.Value | u.Mask)
	return Tnum{one, maybe &^ one}
}

// Or returns a tnum holding a|b.
func (t Tnum) Or(u Tnum) Tnum {
	one := t.Value | u.Value
	return Tnum{one, (t.Mask | u.Mask) &^ one}
}

// Xor returns a tnum holding a^b.
func (t Tnum) Xor(u Tnum) Tnum {
	m := t.Mask | u.Mask
	return Tnum{(t.Value ^ u.Value) &^ m, m}
}

// Mul returns a tnum holding a*b for every a in t and b in u: the meet of
// mulAcc in both operand orders (each is sound; neither order is always the
// more precise).
func (t Tnum) Mul(u Tnum) Tnum {
	x, y := t.mulAcc(u), u.mulAcc(t)
	if m, ok := x.Intersect(y); ok {
		return m
	}
	return x // both hold every product, so they meet; stay sound regardless
}

// mulAcc multiplies by shift-and-add over the bits of t, keeping one tnum
// accumulator: a bit of t known 1 adds the shifted u; an unknown bit makes
// the accumulator the union of itself with and without the shifted u (the
// refinement, by Edamana et al. 2025, of the scheme of Vishwanathan et al.,
// "Sound, Precise, and Fast Abstract Interpretation with Tristate Numbers",
// CGO 2022, which summed all uncertain partial products into one term).
func (t Tnum) mulAcc(u Tnum) Tnum {
	var acc Tnum
	for a, b := t, u; a.Value|a.Mask != 0; a, b = a.Rsh(1), b.Lsh(1) {
		switch {
		case a.Value&1 != 0:
			acc = acc.Add(b)
		case a.Mask&1 != 0:
			acc = acc.Union(acc.Add(b))
		}
	}
	return acc
}

// Lsh returns t shifted left by n (0 <= n < 64); vacated bits are known 0.
func (t Tnum) Lsh(n uint) Tnum { return Tnum{t.Value << n, t.Mask << n} }

// Rsh returns t shifted right logically by n (0 <= n < 64).
func (t Tnum) Rsh(n uint) Tnum { return Tnum{t.Value >> n, t.Mask >> n} }

// Arsh returns t shifted right arithmetically by n as a 64-bit number
// (0 <= n < 64): an unknown sign bit makes the copied bits unknown.
func (t Tnum) Arsh(n uint) Tnum {
	return Tnum{uint64(int64(t.Value) >> n), uint64(int64(t.Mask) >> n)}
}

// Arsh32 returns the low 32 bits of t shifted right arithmetically by n as a
// 32-bit number (0 <= n < 32), zero-extended to 64 bits.
func (t Tnum) Arsh32(n uint) Tnum {
	return Tnum{uint64(uint32(int32(uint32(t.Value)) >> n)), uint64(uint32(int32(uint32(t.Mask)) >> n))}
}

// Intersect returns the tnum of the values in both t and u, and false when
// there is none (a bit known in both with different values).
func (t Tnum) Intersect(u Tnum) (Tnum, bool) {
	if (t.Value^u.Value)&^t.Mask&^u.Mask != 0 {
		return Tnum{}, false
	}
	m := t.Mask & u.Mask
	return Tnum{(t.Value | u.Value) &^ m, m}, true
}

// Union returns the smallest tnum holding every value of t and of u.
func (t Tnum) Union(u Tnum) Tnum {
	m := t.Mask | u.Mask | (t.Value ^ u.Value)
	return Tnum{t.Value &^ m, m}
}

// Low32 returns the tnum of the low 32 bits of t's values (zero-extended).
func (t Tnum) Low32() Tnum { return Tnum{uint64(uint32(t.Value)), uint64(uint32(t.Mask))} }

// WithLow32 returns t with its low 32 bits replaced by those of l.
func (t Tnum) WithLow32(l Tnum) Tnum {
	const hi = 0xffff_ffff_0000_0000
	return Tnum{t.Value&hi | uint64(uint32(l.Value)), t.Mask&hi | uint64(uint32(l.Mask))}
}

// SExt returns the tnum of t's low n bits (n in 1..63) sign-extended to 64.
func (t Tnum) SExt(n uint) Tnum {
	s := 64 - n
	return Tnum{uint64(int64(t.Value<<s) >> s), uint64(int64(t.Mask<<s) >> s)}
}

// Trunc returns the tnum of t's low n bits (n in 1..63), zero-extended.
func (t Tnum) Trunc(n uint) Tnum {
	m := uint64(1)<<n - 1
	return Tnum{t.Value & m, t.Mask & m}
}

// String prints t as the kernel's log does: (value; mask) in hex.
func (t Tnum) String() string { return fmt.Sprintf("(%#x; %#x)", t.Value, t.Mask) }

// Next returns the smallest value of t that is at least a, and false when
// there is none.
func (t Tnum) Next(a uint64) (uint64, bool) {
	x := t.Value | a&t.Mask // a's unknown bits, t's known ones
	if x == a {
		return a, true
	}
	h := bits.Len64(x^a) - 1 // highest (known) bit where x and a differ
	below := uint64(1)<<h - 1
	if x&(1<<h) != 0 {
		// x exceeds a from bit h on: the unknown bits below h become 0.
		return x &^ (t.Mask & below), true
	}
	// x falls short at bit h: set the lowest unknown bit above h that is 0
	// in a, and clear the unknown bits below it.
	free := t.Mask &^ a &^ (below | 1<<h)
	if free == 0 {
		return 0, false
	}
	p := free & -free
	return (x | p) &^ (t.Mask & (p - 1)), true
}

// Prev returns the largest value of t that is at most b, and false when
// there is none.
func (t Tnum) Prev(b uint64) (uint64, bool) {
	c := Tnum{^t.Value &^ t.Mask, t.Mask} // complement reverses the order
	x, ok := c.Next(^b)
	return ^x, ok
}
