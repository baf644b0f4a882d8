package scalar

import (
	"testing"
)

// FuzzParse: Parse never panics, and what it reads prints back as it
// normalises.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "-1", "0x12345", "scalar()", "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))",
		"scalar(id=3+5,umin=32768)", "Pscalar(smin=0xffffffffffff7fff,smax=smax32=-32762,umin=0xffffffffffff7fff,umax=0xffffffffffff8006,smin32=umin32=0xffff7fff,umax32=0xffff8006,var_off=(0xffffffffffff0000; 0xffff))"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		n, ok := v.normalise()
		if !ok {
			return
		}
		back, err := Parse(n.String())
		if err != nil || back != n {
			t.Fatalf("%q: normalised %v does not read back (%v)", s, n, err)
		}
	})
}

// FuzzSound: for hulls of two concrete values per operand, every operation
// and condition holds the concrete results (the randomised tests' check,
// driven by the fuzzer).
func FuzzSound(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint64(0), uint64(1), uint64(2), uint64(3))
	f.Add(uint8(3), uint8(9), uint64(1<<63), uint64(1<<63+5), uint64(0xffffffff), uint64(0))
	f.Fuzz(func(t *testing.T, opi, flags uint8, x1, x2, y1, y2 uint64) {
		a, b := hull([]uint64{x1, x2}), hull([]uint64{y1, y2})
		alu64, off := flags&1 != 0, int16(flags>>1&1)
		if flags&4 != 0 {
			b, y2 = Const(y1), y1
		}
		op := aluOps[int(opi)%len(aluOps)]
		r := Binary(op, alu64, off, a, b)
		for _, x := range []uint64{x1, x2} {
			for _, y := range []uint64{y1, y2} {
				if z := concreteALU(op, alu64, off, x, y); !r.Contains(z) {
					t.Fatalf("op %#x alu64=%v off=%d: %#x, %#x -> %#x not in %v", uint8(op), alu64, off, x, y, z, r)
				}
			}
		}
		jop := jumpOps[int(opi)%len(jumpOps)]
		tk, nt := Branch(jop, !alu64, a, b)
		for _, x := range []uint64{x1, x2} {
			for _, y := range []uint64{y1, y2} {
				o := nt
				if concreteJump(jop, !alu64, x, y) {
					o = tk
				}
				if !o.Possible || !o.Dst.Contains(x) || !o.Src.Contains(y) {
					t.Fatalf("jump %#x jmp32=%v: %#x ? %#x lost: %+v", uint8(jop), !alu64, x, y, o)
				}
			}
		}
	})
}
