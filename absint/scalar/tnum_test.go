package scalar

import (
	"math/rand/v2"
	"testing"
)

// randTnum returns a random well-formed tnum and some of its members.
func randTnum(r *rand.Rand) (Tnum, []uint64) {
	var m uint64
	switch r.IntN(4) {
	case 0:
		m = 0
	case 1:
		m = uint64(1)<<r.UintN(65) - 1 // low bits unknown
	case 2:
		m = r.Uint64() & r.Uint64() & r.Uint64()
	default:
		m = r.Uint64()
	}
	t := Tnum{randConcrete(r) &^ m, m}
	xs := []uint64{t.Value, t.Value | t.Mask}
	for range 4 {
		xs = append(xs, t.Value|r.Uint64()&m)
	}
	return t, xs
}

func TestTnumOpsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	type op struct {
		name string
		abs  func(a, b Tnum) Tnum
		conc func(x, y uint64) uint64
	}
	ops := []op{
		{"add", Tnum.Add, func(x, y uint64) uint64 { return x + y }},
		{"sub", Tnum.Sub, func(x, y uint64) uint64 { return x - y }},
		{"mul", Tnum.Mul, func(x, y uint64) uint64 { return x * y }},
		{"and", Tnum.And, func(x, y uint64) uint64 { return x & y }},
		{"or", Tnum.Or, func(x, y uint64) uint64 { return x | y }},
		{"xor", Tnum.Xor, func(x, y uint64) uint64 { return x ^ y }},
		{"union", Tnum.Union, nil},
	}
	for range rounds * 2 {
		a, as := randTnum(r)
		b, bs := randTnum(r)
		for _, o := range ops {
			res := o.abs(a, b)
			if res.Value&res.Mask != 0 {
				t.Fatalf("%s(%v, %v) = %v is malformed", o.name, a, b, res)
			}
			for _, x := range as {
				for _, y := range bs {
					if o.conc == nil {
						if !res.Contains(x) || !res.Contains(y) {
							t.Fatalf("union(%v, %v) = %v lacks %#x or %#x", a, b, res, x, y)
						}
						continue
					}
					if z := o.conc(x, y); !res.Contains(z) {
						t.Fatalf("%s(%v, %v) = %v lacks %#x (from %#x, %#x)", o.name, a, b, res, z, x, y)
					}
				}
			}
		}
		k := r.UintN(64)
		for _, x := range as {
			if !a.Lsh(k).Contains(x<<k) || !a.Rsh(k).Contains(x>>k) || !a.Arsh(k).Contains(uint64(int64(x)>>k)) {
				t.Fatalf("shift by %d of %v loses %#x", k, a, x)
			}
			if !a.Arsh32(k & 31).Contains(uint64(uint32(int32(uint32(x)) >> (k & 31)))) {
				t.Fatalf("arsh32 by %d of %v loses %#x", k&31, a, x)
			}
			if !a.Neg().Contains(-x) || !a.Low32().Contains(uint64(uint32(x))) {
				t.Fatalf("neg/low32 of %v loses %#x", a, x)
			}
			if n := 1 + k%63; !a.SExt(uint(n)).Contains(uint64(int64(x<<(64-n))>>(64-n))) || !a.Trunc(uint(n)).Contains(x&(1<<n-1)) {
				t.Fatalf("sext/trunc %d of %v loses %#x", n, a, x)
			}
		}
		// Intersect: a member of both is in the meet; a failed meet means
		// disjoint sets.
		m, ok := a.Intersect(b)
		for _, x := range append(as, bs...) {
			if a.Contains(x) && b.Contains(x) && (!ok || !m.Contains(x)) {
				t.Fatalf("intersect(%v, %v) = %v, %v lacks %#x", a, b, m, ok, x)
			}
		}
		if ok && (!a.Includes(m) || !b.Includes(m)) {
			t.Fatalf("intersect(%v, %v) = %v is not inside both", a, b, m)
		}
		// Includes agrees with membership of the extremes.
		if a.Includes(b) {
			for _, y := range bs {
				if !a.Contains(y) {
					t.Fatalf("%v includes %v but lacks %#x", a, b, y)
				}
			}
		}
	}
}

func TestTnumRange(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range rounds * 5 {
		lo, hi := randConcrete(r), randConcrete(r)
		if lo > hi {
			lo, hi = hi, lo
		}
		tn := TnumRange(lo, hi)
		for _, x := range []uint64{lo, hi, lo + (hi-lo)/2, lo + r.Uint64()%max(hi-lo+1, 1)} {
			if !tn.Contains(x) {
				t.Fatalf("TnumRange(%#x, %#x) = %v lacks %#x", lo, hi, tn, x)
			}
		}
	}
	if got := TnumRange(0, 255); got != (Tnum{0, 0xff}) {
		t.Errorf("TnumRange(0, 255) = %v, want (0x0; 0xff)", got)
	}
	if got := TnumRange(16, 31); got != (Tnum{16, 0xf}) {
		t.Errorf("TnumRange(16, 31) = %v, want (0x10; 0xf)", got)
	}
	if got := TnumRange(7, 7); got != TnumConst(7) {
		t.Errorf("TnumRange(7, 7) = %v, want constant 7", got)
	}
}

func TestTnumPrecision(t *testing.T) {
	tests := []struct {
		name      string
		got, want Tnum
	}{
		{"known values add exactly", TnumConst(5).Add(TnumConst(7)), TnumConst(12)},
		{"unknown low byte plus 1 keeps high zeros known up to the carry", Tnum{0, 0xff}.Add(TnumConst(1)), Tnum{0, 0x1ff}},
		{"and with a constant clears bits", TnumUnknown.And(TnumConst(0xff)), Tnum{0, 0xff}},
		{"or with a constant sets bits", Tnum{0, 0xff}.Or(TnumConst(0x100)), Tnum{0x100, 0xff}},
		{"multiplying by 4 shifts", Tnum{0, 0xff}.Mul(TnumConst(4)), Tnum{0, 0x3fc}},
		{"multiplying constants is exact", TnumConst(12345).Mul(TnumConst(678)), TnumConst(12345 * 678)},
		{"xor of equal known bits is 0", Tnum{0xf0, 0xf}.Xor(Tnum{0xf0, 0}), Tnum{0, 0xf}},
		{"arsh copies an unknown sign bit", Tnum{0, 1 << 63}.Arsh(60), Tnum{0, 0xfffffffffffffff8}},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

// TestTnumNextPrev compares Next and Prev with a search over every member
// of tnums with up to 10 unknown bits.
func TestTnumNextPrev(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for range rounds {
		var m uint64
		for range r.IntN(11) {
			m |= 1 << r.UintN(64)
		}
		tn := Tnum{randConcrete(r) &^ m, m}
		var ms []uint64 // every member
		for sub := uint64(0); ; sub = (sub - m) & m {
			ms = append(ms, tn.Value|sub)
			if sub == m {
				break
			}
		}
		for range 8 {
			a := randConcrete(r)
			if r.IntN(2) == 0 {
				a = ms[r.IntN(len(ms))] + uint64(r.IntN(5)) - 2
			}
			var next, prev uint64
			hasNext, hasPrev := false, false
			for _, x := range ms {
				if x >= a && (!hasNext || x < next) {
					next, hasNext = x, true
				}
				if x <= a && (!hasPrev || x > prev) {
					prev, hasPrev = x, true
				}
			}
			if got, ok := tn.Next(a); ok != hasNext || ok && got != next {
				t.Fatalf("%v.Next(%#x) = %#x, %v; want %#x, %v", tn, a, got, ok, next, hasNext)
			}
			if got, ok := tn.Prev(a); ok != hasPrev || ok && got != prev {
				t.Fatalf("%v.Prev(%#x) = %#x, %v; want %#x, %v", tn, a, got, ok, prev, hasPrev)
			}
		}
	}
}
