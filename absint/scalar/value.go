package scalar

import "math"

// Value is an abstract 64-bit scalar. Every concrete value it stands for
// lies in the tnum T and in all four ranges: the unsigned and the signed
// 64-bit range of the whole value and the unsigned and the signed 32-bit
// range of its low 32 bits. Every constructor and operation of this package
// returns a normalised Value: each component has been narrowed by what the
// others imply (see normalise), so that no component claims more values
// than the others allow where that is cheap to see.
type Value struct {
	T              Tnum
	UMin, UMax     uint64
	SMin, SMax     int64
	U32Min, U32Max uint32
	S32Min, S32Max int32
}

// Unknown returns the Value of every 64-bit scalar.
func Unknown() Value {
	return Value{
		T:    TnumUnknown,
		UMax: math.MaxUint64, SMin: math.MinInt64, SMax: math.MaxInt64,
		U32Max: math.MaxUint32, S32Min: math.MinInt32, S32Max: math.MaxInt32,
	}
}

// Const returns the Value of exactly c.
func Const(c uint64) Value {
	return Value{
		T: TnumConst(c), UMin: c, UMax: c, SMin: int64(c), SMax: int64(c),
		U32Min: uint32(c), U32Max: uint32(c), S32Min: int32(c), S32Max: int32(c),
	}
}

// FromRange returns the Value of every x with umin <= x <= umax (unsigned).
// An empty range (umin > umax) gives Unknown.
func FromRange(umin, umax uint64) Value {
	v := Unknown()
	if umin > umax {
		return v
	}
	v.UMin, v.UMax = umin, umax
	return v.norm()
}

// FromSRange returns the Value of every x with smin <= x <= smax (signed).
// An empty range gives Unknown.
func FromSRange(smin, smax int64) Value {
	v := Unknown()
	if smin > smax {
		return v
	}
	v.SMin, v.SMax = smin, smax
	return v.norm()
}

// FromTnum returns the Value of every x in t (t must be well-formed:
// t.Value&t.Mask == 0; a malformed t is read as Tnum{t.Value&^t.Mask, t.Mask}).
func FromTnum(t Tnum) Value {
	v := Unknown()
	v.T = Tnum{t.Value &^ t.Mask, t.Mask}
	return v.norm()
}

// Const returns the single value v stands for, if it stands for one.
func (v Value) Const() (uint64, bool) { return v.T.Value, v.T.IsConst() }

// IsUnknown reports whether v stands for every 64-bit value.
func (v Value) IsUnknown() bool { return v == Unknown() }

// Contains reports whether x is one of the values v stands for.
func (v Value) Contains(x uint64) bool {
	return v.T.Contains(x) &&
		v.UMin <= x && x <= v.UMax &&
		v.SMin <= int64(x) && int64(x) <= v.SMax &&
		v.U32Min <= uint32(x) && uint32(x) <= v.U32Max &&
		v.S32Min <= int32(x) && int32(x) <= v.S32Max
}

// Includes reports whether every value w stands for is one of v's: each of
// w's components lies inside v's (the kernel's test for pruning by range
// inclusion). It may answer false for a w whose set is included only
// through the combination of components.
func (v Value) Includes(w Value) bool {
	return v.T.Includes(w.T) &&
		v.UMin <= w.UMin && w.UMax <= v.UMax &&
		v.SMin <= w.SMin && w.SMax <= v.SMax &&
		v.U32Min <= w.U32Min && w.U32Max <= v.U32Max &&
		v.S32Min <= w.S32Min && w.S32Max <= v.S32Max
}

// Meet returns the Value of the values both v and w stand for, and false
// when the analysis finds there is none.
func (v Value) Meet(w Value) (Value, bool) {
	t, ok := v.T.Intersect(w.T)
	if !ok {
		return Value{}, false
	}
	r := Value{
		T:    t,
		UMin: max(v.UMin, w.UMin), UMax: min(v.UMax, w.UMax),
		SMin: max(v.SMin, w.SMin), SMax: min(v.SMax, w.SMax),
		U32Min: max(v.U32Min, w.U32Min), U32Max: min(v.U32Max, w.U32Max),
		S32Min: max(v.S32Min, w.S32Min), S32Max: min(v.S32Max, w.S32Max),
	}
	return r.normalise()
}

// Join returns a Value standing for every value of v and of w (the hull of
// each component; not the smallest such Value in general).
func (v Value) Join(w Value) Value {
	r := Value{
		T:    v.T.Union(w.T),
		UMin: min(v.UMin, w.UMin), UMax: max(v.UMax, w.UMax),
		SMin: min(v.SMin, w.SMin), SMax: max(v.SMax, w.SMax),
		U32Min: min(v.U32Min, w.U32Min), U32Max: max(v.U32Max, w.U32Max),
		S32Min: min(v.S32Min, w.S32Min), S32Max: max(v.S32Max, w.S32Max),
	}
	return r.norm()
}

// norm normalises v, which must stand for at least one value (it was
// computed from non-empty inputs by a sound transfer function). If the
// analysis nevertheless finds it empty, which would be a bug, it answers
// Unknown, which is sound.
func (v Value) norm() Value {
	r, ok := v.normalise()
	if !ok {
		return Unknown()
	}
	return r
}
