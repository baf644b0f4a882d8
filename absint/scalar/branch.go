package scalar

import (
	"math"
	"math/bits"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Outcome is what one edge of a conditional jump lets the verifier assume:
// the refined Values of the compared operands, and whether the edge can be
// taken at all. Possible is false only when no pair of concrete values of
// the operands follows the edge; then Dst and Src are meaningless.
type Outcome struct {
	Dst, Src Value
	Possible bool
}

// Branch returns what the taken and the not-taken edge of `if dst op src`
// imply, for op one of JEQ JNE JGT JGE JLT JLE JSGT JSGE JSLT JSLE JSET; jmp32
// compares the low halves only. A comparison against an immediate passes
// Const of the immediate sign-extended to 64 bits. Each edge's Dst and Src
// hold every pair of values that follows it (soundness), narrowed as the
// kernel narrows them: ranges of the compared view for inequalities, the
// meet for equality, range ends for inequality with a constant, known bits
// for JSET. Another op gives both edges possible and unrefined.
func Branch(op ir.JumpOp, jmp32 bool, dst, src Value) (taken, notTaken Outcome) {
	neg, ok := negation[op]
	if !ok {
		o := Outcome{dst, src, true}
		return o, o
	}
	return refine(op, jmp32, dst, src), refine(neg, jmp32, dst, src)
}

// jumpSetNot is the negation of JSET, (dst & src) == 0, for internal use.
const jumpSetNot ir.JumpOp = 0xff

var negation = map[ir.JumpOp]ir.JumpOp{
	ir.JumpJEQ: ir.JumpJNE, ir.JumpJNE: ir.JumpJEQ,
	ir.JumpJGT: ir.JumpJLE, ir.JumpJLE: ir.JumpJGT,
	ir.JumpJGE: ir.JumpJLT, ir.JumpJLT: ir.JumpJGE,
	ir.JumpJSGT: ir.JumpJSLE, ir.JumpJSLE: ir.JumpJSGT,
	ir.JumpJSGE: ir.JumpJSLT, ir.JumpJSLT: ir.JumpJSGE,
	ir.JumpJSET: jumpSetNot,
}

var impossible = Outcome{}

// refine returns the Outcome of assuming `d op s` holds.
func refine(op ir.JumpOp, jmp32 bool, d, s Value) Outcome {
	switch op {
	case ir.JumpJLT, ir.JumpJLE, ir.JumpJSLT, ir.JumpJSLE:
		// a < b is b > a.
		o := refine(mirror(op), jmp32, s, d)
		o.Dst, o.Src = o.Src, o.Dst
		return o
	}
	d0, s0 := d, s
	switch op {
	case ir.JumpJEQ:
		if !jmp32 {
			m, ok := d.Meet(s)
			return Outcome{m, m, ok}
		}
		t, ok := d.T.Low32().Intersect(s.T.Low32())
		if !ok {
			return impossible
		}
		lo := Value{
			T:      t,
			U32Min: max(d.U32Min, s.U32Min), U32Max: min(d.U32Max, s.U32Max),
			S32Min: max(d.S32Min, s.S32Min), S32Max: min(d.S32Max, s.S32Max),
		}
		d, s = d.withLow(lo), s.withLow(lo)
	case ir.JumpJNE:
		if c, ok := s.constIn(jmp32); ok {
			if e, ok := d.constIn(jmp32); ok && e == c {
				return impossible
			}
			d = d.exclude(jmp32, c)
		} else if c, ok := d.constIn(jmp32); ok {
			s = s.exclude(jmp32, c)
		}
	case ir.JumpJGT, ir.JumpJGE:
		strict := uint64(0)
		if op == ir.JumpJGT {
			strict = 1
		}
		if jmp32 {
			if uint64(s.U32Min)+strict > math.MaxUint32 || uint64(d.U32Max) < strict {
				return impossible
			}
			d.U32Min = max(d.U32Min, s.U32Min+uint32(strict))
			s.U32Max = min(s.U32Max, d.U32Max-uint32(strict))
		} else {
			if s.UMin+strict < s.UMin || d.UMax < strict {
				return impossible
			}
			d.UMin = max(d.UMin, s.UMin+strict)
			s.UMax = min(s.UMax, d.UMax-strict)
		}
	case ir.JumpJSGT, ir.JumpJSGE:
		strict := int64(0)
		if op == ir.JumpJSGT {
			strict = 1
		}
		if jmp32 {
			if int64(s.S32Min)+strict > math.MaxInt32 || int64(d.S32Max)-strict < math.MinInt32 {
				return impossible
			}
			d.S32Min = max(d.S32Min, s.S32Min+int32(strict))
			s.S32Max = min(s.S32Max, d.S32Max-int32(strict))
		} else {
			if s.SMin > math.MaxInt64-strict || d.SMax < math.MinInt64+strict {
				return impossible
			}
			d.SMin = max(d.SMin, s.SMin+strict)
			s.SMax = min(s.SMax, d.SMax-strict)
		}
	case ir.JumpJSET:
		// Some bit is 1 in both: among the bits that may be 1 in both.
		view := viewMask(jmp32)
		p := (d.T.Value | d.T.Mask) & (s.T.Value | s.T.Mask) & view
		if p == 0 {
			return impossible
		}
		if bits.OnesCount64(p) == 1 {
			d.T = Tnum{d.T.Value | p, d.T.Mask &^ p}
			s.T = Tnum{s.T.Value | p, s.T.Mask &^ p}
		}
		// Both are non-zero in the view.
		if jmp32 {
			d.U32Min, s.U32Min = max(d.U32Min, 1), max(s.U32Min, 1)
		} else {
			d.UMin, s.UMin = max(d.UMin, 1), max(s.UMin, 1)
		}
	case jumpSetNot:
		// No bit is 1 in both: a bit known 1 on one side is 0 on the other.
		view := viewMask(jmp32)
		if d.T.Value&s.T.Value&view != 0 {
			return impossible
		}
		d.T.Mask &^= s.T.Value & view
		s.T.Mask &^= d.T.Value & view
	default:
		return Outcome{d, s, true}
	}
	// An operand the condition did not narrow is returned as it came.
	ok := true
	if d != d0 {
		d, ok = d.normalise()
	}
	if ok && s != s0 {
		s, ok = s.normalise()
	}
	if !ok {
		return impossible
	}
	return Outcome{d, s, true}
}

// mirror returns the condition op with its operands exchanged.
func mirror(op ir.JumpOp) ir.JumpOp {
	switch op {
	case ir.JumpJLT:
		return ir.JumpJGT
	case ir.JumpJLE:
		return ir.JumpJGE
	case ir.JumpJSLT:
		return ir.JumpJSGT
	case ir.JumpJSLE:
		return ir.JumpJSGE
	}
	return op
}

func viewMask(jmp32 bool) uint64 {
	if jmp32 {
		return math.MaxUint32
	}
	return math.MaxUint64
}

// constIn returns v's single value in the 64-bit view, or the single value
// of its low half in the 32-bit view.
func (v Value) constIn(jmp32 bool) (uint64, bool) {
	if jmp32 {
		lo := v.T.Low32()
		return lo.Value, lo.IsConst()
	}
	return v.Const()
}

// exclude removes c from the ends of v's ranges in the view (64-bit, or the
// low half's); the caller normalises.
func (v Value) exclude(jmp32 bool, c uint64) Value {
	if jmp32 {
		c32 := uint32(c)
		if v.U32Min == c32 && v.U32Min < v.U32Max {
			v.U32Min++
		} else if v.U32Max == c32 && v.U32Min < v.U32Max {
			v.U32Max--
		}
		if v.S32Min == int32(c32) && v.S32Min < v.S32Max {
			v.S32Min++
		} else if v.S32Max == int32(c32) && v.S32Min < v.S32Max {
			v.S32Max--
		}
		return v
	}
	if v.UMin == c && v.UMin < v.UMax {
		v.UMin++
	} else if v.UMax == c && v.UMin < v.UMax {
		v.UMax--
	}
	if v.SMin == int64(c) && v.SMin < v.SMax {
		v.SMin++
	} else if v.SMax == int64(c) && v.SMin < v.SMax {
		v.SMax--
	}
	return v
}

// withLow returns v with its low-half components met with lo's (lo's T
// holds only a low half); the caller normalises.
func (v Value) withLow(lo Value) Value {
	t, _ := v.T.Low32().Intersect(lo.T)
	v.T = v.T.WithLow32(t)
	v.U32Min, v.U32Max = max(v.U32Min, lo.U32Min), min(v.U32Max, lo.U32Max)
	v.S32Min, v.S32Max = max(v.S32Min, lo.S32Min), min(v.S32Max, lo.S32Max)
	return v
}
