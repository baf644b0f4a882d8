package scalar

import (
	"math"

	"math/rand/v2"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Reference semantics: the concrete BPF operations, written independently
// of the abstract ones they check.

func concreteALU(op ir.ALUOp, alu64 bool, off int16, x, y uint64) uint64 {
	if !alu64 {
		x, y = uint64(uint32(x)), uint64(uint32(y))
	}
	signed := off == 1
	var r uint64
	switch op {
	case ir.ALUAdd:
		r = x + y
	case ir.ALUSub:
		r = x - y
	case ir.ALUMul:
		r = x * y
	case ir.ALUOr:
		r = x | y
	case ir.ALUAnd:
		r = x & y
	case ir.ALUXor:
		r = x ^ y
	case ir.ALULsh:
		if alu64 {
			r = x << (y & 63)
		} else {
			r = x << (y & 31)
		}
	case ir.ALURsh:
		if alu64 {
			r = x >> (y & 63)
		} else {
			r = x >> (y & 31)
		}
	case ir.ALUArsh:
		if alu64 {
			r = uint64(int64(x) >> (y & 63))
		} else {
			r = uint64(uint32(int32(uint32(x)) >> (y & 31)))
		}
	case ir.ALUDiv:
		switch {
		case !signed && y == 0, signed && alu64 && y == 0, signed && !alu64 && uint32(y) == 0:
			r = 0
		case !signed:
			r = x / y
		case alu64:
			if y == math.MaxUint64 { // -1: negation, MIN/-1 wraps to MIN
				r = -x
			} else {
				r = uint64(int64(x) / int64(y))
			}
		default:
			if int32(y) == -1 {
				r = uint64(uint32(-int32(x)))
			} else {
				r = uint64(uint32(int32(x) / int32(y)))
			}
		}
	case ir.ALUMod:
		switch {
		case y == 0:
			r = x
		case !signed:
			r = x % y
		case alu64:
			if y == math.MaxUint64 {
				r = 0
			} else {
				r = uint64(int64(x) % int64(y))
			}
		default:
			if int32(y) == -1 {
				r = 0
			} else {
				r = uint64(uint32(int32(x) % int32(y)))
			}
		}
	default:
		panic("unexpected op")
	}
	if !alu64 {
		r = uint64(uint32(r))
	}
	return r
}

func concreteJump(op ir.JumpOp, jmp32 bool, x, y uint64) bool {
	if jmp32 {
		x, y = uint64(uint32(x)), uint64(uint32(y))
	}
	sx, sy := int64(x), int64(y)
	if jmp32 {
		sx, sy = int64(int32(x)), int64(int32(y))
	}
	switch op {
	case ir.JumpJEQ:
		return x == y
	case ir.JumpJNE:
		return x != y
	case ir.JumpJGT:
		return x > y
	case ir.JumpJGE:
		return x >= y
	case ir.JumpJLT:
		return x < y
	case ir.JumpJLE:
		return x <= y
	case ir.JumpJSGT:
		return sx > sy
	case ir.JumpJSGE:
		return sx >= sy
	case ir.JumpJSLT:
		return sx < sy
	case ir.JumpJSLE:
		return sx <= sy
	case ir.JumpJSET:
		return x&y != 0
	}
	panic("unexpected jump")
}

var aluOps = []ir.ALUOp{ir.ALUAdd, ir.ALUSub, ir.ALUMul, ir.ALUDiv, ir.ALUOr, ir.ALUAnd, ir.ALULsh, ir.ALURsh, ir.ALUMod, ir.ALUXor, ir.ALUArsh}

var jumpOps = []ir.JumpOp{ir.JumpJEQ, ir.JumpJNE, ir.JumpJGT, ir.JumpJGE, ir.JumpJLT, ir.JumpJLE, ir.JumpJSGT, ir.JumpJSGE, ir.JumpJSLT, ir.JumpJSLE, ir.JumpJSET}

// edges are the values where off-by-one and overflow bugs live.
var edges = []uint64{
	0, 1, 2, 3, 7, 8, 31, 32, 63, 64, 255, 256, 0x7fff, 0x8000, 0xffff,
	math.MaxInt32 - 1, math.MaxInt32, 1 << 31, 1<<31 + 1, math.MaxUint32 - 1, math.MaxUint32, 1 << 32, 1<<32 + 1,
	math.MaxInt64 - 1, math.MaxInt64, 1 << 63, 1<<63 + 1, math.MaxUint64 - 1, math.MaxUint64,
	0xffffffff00000000, 0x00000000ffffffff, 0x80000000ffffffff, 0x7fffffff80000000,
}

// randConcrete returns a random 64-bit value, often an edge value or a
// small number near one.
func randConcrete(r *rand.Rand) uint64 {
	switch r.IntN(6) {
	case 0:
		return edges[r.IntN(len(edges))]
	case 1:
		return edges[r.IntN(len(edges))] + uint64(r.IntN(9)) - 4
	case 2:
		return uint64(r.IntN(300))
	case 3:
		return -uint64(r.IntN(300))
	case 4:
		return r.Uint64() >> r.UintN(64)
	}
	return r.Uint64()
}

// randSet returns a few concrete values clustered the way program values
// are: around one centre, within a random spread, with a random shared
// bit pattern.
func randSet(r *rand.Rand) []uint64 {
	n := 1 + r.IntN(6)
	c := randConcrete(r)
	spread := uint64(1)<<r.UintN(64) - 1
	keep := ^uint64(0)
	if r.IntN(3) == 0 {
		keep = r.Uint64() | r.Uint64()
	}
	s := make([]uint64, n)
	for i := range s {
		x := c
		switch r.IntN(4) {
		case 0:
		case 1:
			x = c + r.Uint64()&spread
		case 2:
			x = c - r.Uint64()&spread
		case 3:
			x = c ^ r.Uint64()&spread
		}
		s[i] = x&keep | c&^keep
	}
	return s
}

// hull returns the Value built from concrete values: the join of their
// constants.
func hull(xs []uint64) Value {
	v := Const(xs[0])
	for _, x := range xs[1:] {
		v = v.Join(Const(x))
	}
	return v
}

// randValue returns a random abstract value and concrete members of it: a
// hull of a random set, sometimes passed through a random operation or
// branch so that all the shapes the domain produces occur.
func randValue(r *rand.Rand) (Value, []uint64) {
	xs := randSet(r)
	v := hull(xs)
	switch r.IntN(8) {
	case 0:
		return Unknown(), append(xs, randConcrete(r))
	case 1:
		ys := randSet(r)
		op := aluOps[r.IntN(len(aluOps))]
		alu64 := r.IntN(3) != 0
		off := int16(r.IntN(2))
		w := hull(ys)
		res := Binary(op, alu64, off, v, w)
		out := make([]uint64, 0, len(xs)*len(ys))
		for _, x := range xs {
			for _, y := range ys {
				out = append(out, concreteALU(op, alu64, off, x, y))
			}
		}
		return res, out
	case 2:
		c := randConcrete(r)
		op := jumpOps[r.IntN(len(jumpOps))]
		jmp32 := r.IntN(3) == 0
		t, f := Branch(op, jmp32, v, Const(c))
		var in, out []uint64
		for _, x := range xs {
			if concreteJump(op, jmp32, x, c) {
				in = append(in, x)
			} else {
				out = append(out, x)
			}
		}
		if len(in) > 0 && t.Possible {
			return t.Dst, in
		}
		if len(out) > 0 && f.Possible {
			return f.Dst, out
		}
	}
	return v, xs
}

// members returns the known members of v plus random values drawn from its
// tnum that lie inside it.
func members(r *rand.Rand, v Value, known []uint64, n int) []uint64 {
	out := append([]uint64(nil), known...)
	for range 4 * n {
		if len(out) >= len(known)+n {
			break
		}
		var x uint64
		switch r.IntN(3) {
		case 0:
			x = v.T.Value | r.Uint64()&v.T.Mask
		case 1:
			x = v.UMin + r.Uint64()>>r.UintN(64)
		default:
			x = v.UMax - r.Uint64()>>r.UintN(64)
		}
		if v.Contains(x) {
			out = append(out, x)
		}
	}
	return out
}
