package scalar

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// The differential soundness tests: random abstract values with concrete
// members, every operation applied concretely to the members, and every
// concrete result must lie in the abstract result.

const rounds = 20000

func TestBinarySound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, op := range aluOps {
		for _, alu64 := range []bool{true, false} {
			for _, off := range []int16{0, 1} {
				if off == 1 && op != ir.ALUDiv && op != ir.ALUMod {
					continue
				}
				name := fmt.Sprintf("op%#x/alu64=%v/off=%d", uint8(op), alu64, off)
				t.Run(name, func(t *testing.T) {
					for range rounds / 4 {
						a, as := randValue(r)
						b, bs := randValue(r)
						as, bs = members(r, a, as, 3), members(r, b, bs, 3)
						if op == ir.ALULsh || op == ir.ALURsh || op == ir.ALUArsh {
							if r.IntN(2) == 0 { // mostly constant shifts, as programs have
								c := bs[r.IntN(len(bs))]
								b, bs = Const(c), []uint64{c}
							}
						}
						res := Binary(op, alu64, off, a, b)
						for _, x := range as {
							for _, y := range bs {
								z := concreteALU(op, alu64, off, x, y)
								if !res.Contains(z) {
									t.Fatalf("%#x op %#x = %#x not in %v\n a=%+v\n b=%+v\n res=%+v", x, y, z, res, a, b, res)
								}
							}
						}
					}
				})
			}
		}
	}
}

func TestUnarySound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range rounds {
		a, as := randValue(r)
		as = members(r, a, as, 4)
		check := func(name string, res Value, f func(uint64) uint64) {
			t.Helper()
			for _, x := range as {
				if z := f(x); !res.Contains(z) {
					t.Fatalf("%s(%#x) = %#x not in %v (a=%+v)", name, x, z, res, a)
				}
			}
		}
		check("neg64", Neg(true, a), func(x uint64) uint64 { return -x })
		check("neg32", Neg(false, a), func(x uint64) uint64 { return uint64(uint32(-x)) })
		check("zext32", Zext32(a), func(x uint64) uint64 { return uint64(uint32(x)) })
		check("movsx8", MovSX(true, 8, a), func(x uint64) uint64 { return uint64(int64(int8(x))) })
		check("movsx16", MovSX(true, 16, a), func(x uint64) uint64 { return uint64(int64(int16(x))) })
		check("movsx32", MovSX(true, 32, a), func(x uint64) uint64 { return uint64(int64(int32(x))) })
		check("movsx32_8", MovSX(false, 8, a), func(x uint64) uint64 { return uint64(uint32(int32(int8(x)))) })
		check("movsx32_16", MovSX(false, 16, a), func(x uint64) uint64 { return uint64(uint32(int32(int16(x)))) })
		check("trunc8", Trunc(8, a), func(x uint64) uint64 { return uint64(uint8(x)) })
		check("trunc16", Trunc(16, a), func(x uint64) uint64 { return uint64(uint16(x)) })
		check("le16", Swap(SwapToLE, 16, a), func(x uint64) uint64 { return uint64(uint16(x)) })
		check("le32", Swap(SwapToLE, 32, a), func(x uint64) uint64 { return uint64(uint32(x)) })
		check("le64", Swap(SwapToLE, 64, a), func(x uint64) uint64 { return x })
		for _, k := range []SwapKind{SwapToBE, SwapAlways} {
			check("be16", Swap(k, 16, a), func(x uint64) uint64 { y := uint16(x); return uint64(y>>8 | y<<8) })
			check("be32", Swap(k, 32, a), func(x uint64) uint64 {
				y := uint32(x)
				return uint64(y>>24 | y>>8&0xff00 | y<<8&0xff0000 | y<<24)
			})
			check("be64", Swap(k, 64, a), func(x uint64) uint64 {
				var y uint64
				for i := range 8 {
					y = y<<8 | x>>(8*i)&0xff
				}
				return y
			})
		}
	}
}

func TestBranchSound(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, op := range jumpOps {
		for _, jmp32 := range []bool{false, true} {
			t.Run(fmt.Sprintf("op%#x/jmp32=%v", uint8(op), jmp32), func(t *testing.T) {
				for range rounds / 2 {
					a, as := randValue(r)
					b, bs := randValue(r)
					if r.IntN(2) == 0 { // a constant operand, as with an immediate
						c := randConcrete(r)
						b, bs = Const(c), []uint64{c}
					}
					as, bs = members(r, a, as, 3), members(r, b, bs, 3)
					taken, notTaken := Branch(op, jmp32, a, b)
					for _, x := range as {
						for _, y := range bs {
							o, edge := notTaken, "not taken"
							if concreteJump(op, jmp32, x, y) {
								o, edge = taken, "taken"
							}
							if !o.Possible {
								t.Fatalf("%s edge of %#x ? %#x called impossible\n a=%+v\n b=%+v", edge, x, y, a, b)
							}
							if !o.Dst.Contains(x) || !o.Src.Contains(y) {
								t.Fatalf("%s edge of %#x ? %#x lost a value\n a=%+v\n b=%+v\n dst=%+v\n src=%+v", edge, x, y, a, b, o.Dst, o.Src)
							}
						}
					}
				}
			})
		}
	}
}

// TestNormaliseKeepsValues builds Values whose components are random
// supersets of a concrete set, each computed on its own, and checks that
// normalisation keeps every member and never calls the Value empty.
func TestNormaliseKeepsValues(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	widen := func(lo, hi uint64) (uint64, uint64) {
		if r.IntN(3) == 0 {
			lo -= min(lo, uint64(r.IntN(1000)))
		}
		if r.IntN(3) == 0 {
			hi += min(^hi, uint64(r.IntN(1000)))
		}
		return lo, hi
	}
	for range rounds * 5 {
		xs := randSet(r)
		h := Value{T: TnumConst(xs[0])}
		h.UMin, h.UMax = xs[0], xs[0]
		h.SMin, h.SMax = int64(xs[0]), int64(xs[0])
		h.U32Min, h.U32Max = uint32(xs[0]), uint32(xs[0])
		h.S32Min, h.S32Max = int32(xs[0]), int32(xs[0])
		for _, x := range xs[1:] {
			h.T = h.T.Union(TnumConst(x))
			h.UMin, h.UMax = min(h.UMin, x), max(h.UMax, x)
			h.SMin, h.SMax = min(h.SMin, int64(x)), max(h.SMax, int64(x))
			h.U32Min, h.U32Max = min(h.U32Min, uint32(x)), max(h.U32Max, uint32(x))
			h.S32Min, h.S32Max = min(h.S32Min, int32(x)), max(h.S32Max, int32(x))
		}
		// Forget or widen components at random.
		u := Unknown()
		if r.IntN(2) == 0 {
			h.T = u.T
		} else if r.IntN(2) == 0 {
			h.T.Mask |= r.Uint64() & r.Uint64()
			h.T.Value &^= h.T.Mask
		}
		if r.IntN(2) == 0 {
			h.UMin, h.UMax = u.UMin, u.UMax
		} else {
			h.UMin, h.UMax = widen(h.UMin, h.UMax)
		}
		if r.IntN(2) == 0 {
			h.SMin, h.SMax = u.SMin, u.SMax
		} else {
			lo, hi := widen(uint64(h.SMin)^signBit64, uint64(h.SMax)^signBit64)
			h.SMin, h.SMax = int64(lo^signBit64), int64(hi^signBit64)
		}
		if r.IntN(2) == 0 {
			h.U32Min, h.U32Max = u.U32Min, u.U32Max
		}
		if r.IntN(2) == 0 {
			h.S32Min, h.S32Max = u.S32Min, u.S32Max
		}
		n, ok := h.normalise()
		if !ok {
			t.Fatalf("normalise called %+v empty; it holds %#x", h, xs)
		}
		for _, x := range xs {
			if !n.Contains(x) {
				t.Fatalf("normalise lost %#x: %+v -> %+v", x, h, n)
			}
		}
		if n2, _ := n.normalise(); n2 != n && !n.isFixpointWithin(n2) {
			t.Fatalf("normalise is not idempotent: %+v -> %+v", n, n2)
		}
	}
}

// isFixpointWithin reports whether w is v or narrower (normalisation may
// stop before its fixed point after normRounds rounds).
func (v Value) isFixpointWithin(w Value) bool { return v.Includes(w) }

// TestLatticeSound checks Join, Meet and Includes on random values and
// their members.
func TestLatticeSound(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range rounds {
		a, as := randValue(r)
		b, bs := randValue(r)
		as, bs = members(r, a, as, 3), members(r, b, bs, 3)
		j := a.Join(b)
		if !j.Includes(a) || !j.Includes(b) {
			t.Fatalf("join %v of %v and %v does not include both", j, a, b)
		}
		m, ok := a.Meet(b)
		for _, x := range append(as, bs...) {
			if !j.Contains(x) {
				t.Fatalf("join %v of %v and %v lacks %#x", j, a, b, x)
			}
			if a.Contains(x) && b.Contains(x) && (!ok || !m.Contains(x)) {
				t.Fatalf("meet of %v and %v (%v, %v) lacks %#x", a, b, m, ok, x)
			}
		}
		if a.Includes(b) {
			for _, y := range bs {
				if !a.Contains(y) {
					t.Fatalf("%v includes %v but lacks %#x", a, b, y)
				}
			}
		}
	}
}
