package scalar

import (
	"math"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// and64 returns v & c in 64 bits.
func and64(v Value, c uint64) Value { return Binary(ir.ALUAnd, true, 0, v, Const(c)) }

// TestKernelLogShapes checks values built by the operations real programs
// use against what the Linux 6.18 verifier logs for the same instructions
// (log lines recorded from the running kernel with log_level 2).
func TestKernelLogShapes(t *testing.T) {
	u := Unknown()
	r1 := and64(u, 7)
	tests := []struct {
		name string
		got  Value
		want string
	}{
		{"r0 = unknown", u, "scalar()"},
		{"r3 &= 255", and64(u, 255), "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))"},
		{"r1 &= 65535", and64(u, 0xffff), "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))"},
		{"r1 &= 512", and64(u, 512), "scalar(smin=smin32=0,smax=umax=smax32=umax32=512,var_off=(0x0; 0x200))"},
		{"r9 >>= 60", Binary(ir.ALURsh, true, 0, u, Const(60)), "scalar(smin=smin32=0,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf))"},
		{"r5 <<= 32", Binary(ir.ALULsh, true, 0, u, Const(32)), "scalar(smax=0x7fffffff00000000,umax=0xffffffff00000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xffffffff00000000))"},
		{"r4 = be16 r4", Swap(SwapToBE, 16, u), "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))"},
		{"r1 &= 7; r1 += -100", Binary(ir.ALUAdd, true, 0, r1, Const(uint64(math.MaxUint64-99))),
			"scalar(smin=smin32=-100,smax=smax32=-93,umin=0xffffffffffffff9c,umax=0xffffffffffffffa3,umin32=0xffffff9c,umax32=0xffffffa3,var_off=(0xffffffffffffff80; 0x3f))"},
		{"r1 &= 7; r1 += -257", Binary(ir.ALUAdd, true, 0, r1, Const(uint64(math.MaxUint64-256))),
			"scalar(smin=smin32=-257,smax=smax32=-250,umin=0xfffffffffffffeff,umax=0xffffffffffffff06,umin32=0xfffffeff,umax32=0xffffff06,var_off=(0xfffffffffffffe00; 0x1ff))"},
		{"r1 &= 7; r1 += -32769", Binary(ir.ALUAdd, true, 0, r1, Const(uint64(math.MaxUint64-32768))),
			"scalar(smin=0xffffffffffff7fff,smax=smax32=-32762,umin=0xffffffffffff7fff,umax=0xffffffffffff8006,smin32=umin32=0xffff7fff,umax32=0xffff8006,var_off=(0xffffffffffff0000; 0xffff))"},
		{"if r1 < 0x8000 (fall-through)", FromRange(32768, math.MaxUint64), "scalar(umin=32768)"},
		{"if r1 < 0xffff (fall-through)", FromRange(65535, math.MaxUint64), "scalar(umin=65535)"},
		{"if r1 < 0x10000 (fall-through)", FromRange(65536, math.MaxUint64), "scalar(umin=0x10000)"},
		{"r7 = 74565", Const(74565), "0x12345"},
		{"r1 = 32767", Const(32767), "32767"},
		{"r1 = 32768", Const(32768), "0x8000"},
		{"r8 = -1", Const(math.MaxUint64), "-1"},
		{"r1 = -32768", Const(uint64(math.MaxUint64 - 32767)), "-32768"},
		{"r1 = -32769", Const(uint64(math.MaxUint64 - 32768)), "0xffffffffffff7fff"},
		{"w9 = -1", Zext32(Const(math.MaxUint64)), "0xffffffff"},
	}
	for _, tc := range tests {
		if got := tc.got.String(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestPrecision checks the shapes real programs rely on.
func TestPrecision(t *testing.T) {
	u := Unknown()
	b := and64(u, 0xff)
	if b.UMin != 0 || b.UMax != 255 || b.SMin != 0 || b.SMax != 255 {
		t.Errorf("x & 0xff = %v, want [0, 255]", b)
	}
	if s := Binary(ir.ALURsh, true, 0, u, Const(60)); s.UMax != 15 {
		t.Errorf("x >> 60 = %v, want umax 15", s)
	}
	tk, nt := Branch(ir.JumpJLT, false, u, Const(10))
	if !tk.Possible || tk.Dst.UMax != 9 || tk.Dst.UMin != 0 {
		t.Errorf("x < 10 taken: %v, want [0, 9]", tk.Dst)
	}
	if !nt.Possible || nt.Dst.UMin != 10 {
		t.Errorf("x < 10 not taken: %v, want umin 10", nt.Dst)
	}
	// A 32-bit compare bounds the low half; after zero-extension (w1 = w1)
	// the whole register is bounded.
	tk, _ = Branch(ir.JumpJLT, true, u, Const(100))
	if tk.Dst.U32Max != 99 {
		t.Errorf("w < 100 taken: %v, want umax32 99", tk.Dst)
	}
	if z := Zext32(tk.Dst); z.UMax != 99 || z.SMax != 99 || z.SMin != 0 {
		t.Errorf("zext of w < 100: %v, want [0, 99]", z)
	}
	// A 32-bit compare on a value whose upper half is known 0 bounds it all.
	tk, _ = Branch(ir.JumpJLE, true, and64(u, 0xffffffff), Const(200))
	if tk.Dst.UMax != 200 {
		t.Errorf("w <= 200 on a zero-extended value: %v, want umax 200", tk.Dst)
	}
	// Signed compare of a byte-extended value.
	sx := MovSX(true, 8, u)
	if sx.SMin != -128 || sx.SMax != 127 {
		t.Errorf("movsx8 = %v, want [-128, 127]", sx)
	}
	tk, _ = Branch(ir.JumpJSGE, false, sx, Const(0))
	if tk.Dst.UMax != 127 {
		t.Errorf("(s8)x >= 0 taken: %v, want [0, 127]", tk.Dst)
	}
	// JEQ against a constant makes the register that constant; JNE at a
	// range end shrinks the range.
	tk, nt = Branch(ir.JumpJEQ, false, b, Const(7))
	if c, ok := tk.Dst.Const(); !ok || c != 7 {
		t.Errorf("x == 7 taken: %v, want 7", tk.Dst)
	}
	if !nt.Possible || nt.Dst != b {
		t.Errorf("x == 7 not taken: %v, want unchanged %v", nt.Dst, b)
	}
	tk, _ = Branch(ir.JumpJNE, false, b, Const(0))
	if tk.Dst.UMin != 1 {
		t.Errorf("x != 0 taken on [0, 255]: %v, want umin 1", tk.Dst)
	}
	// Both edges decided when the ranges decide them.
	tk, nt = Branch(ir.JumpJGT, false, b, Const(255))
	if tk.Possible || !nt.Possible {
		t.Errorf("[0,255] > 255: taken %v not taken %v, want only not taken", tk.Possible, nt.Possible)
	}
	tk, nt = Branch(ir.JumpJEQ, false, Binary(ir.ALUOr, true, 0, b, Const(0x100)), Const(5))
	if tk.Possible {
		t.Errorf("x|0x100 == 5 called possible")
	}
	// JSET: a single-bit test learns the bit on both edges.
	tk, nt = Branch(ir.JumpJSET, false, b, Const(4))
	if tk.Dst.T.Value&4 == 0 || tk.Dst.T.Mask&4 != 0 || nt.Dst.T.Mask&4 != 0 || nt.Dst.T.Value&4 != 0 {
		t.Errorf("x & 4: taken %v not taken %v, want bit 2 known", tk.Dst.T, nt.Dst.T)
	}
	// Register against register: both sides narrow.
	small := and64(u, 0xf)
	tk, _ = Branch(ir.JumpJGT, false, small, u)
	if tk.Src.UMax != 14 || tk.Dst.UMin != 1 {
		t.Errorf("[0,15] > y taken: dst %v src %v, want dst umin 1, src umax 14", tk.Dst, tk.Src)
	}
	// Multiplication of small ranges stays bounded.
	if m := Binary(ir.ALUMul, true, 0, b, Const(4)); m.UMax != 1020 {
		t.Errorf("[0,255] * 4 = %v, want umax 1020", m)
	}
	// Modulo and division by a constant are bounded (more than 6.18, which
	// forgets them: see KernelTracks), soundly.
	if m := Binary(ir.ALUMod, true, 0, u, Const(13)); m.UMax != 12 {
		t.Errorf("x %% 13 = %v, want umax 12", m)
	}
	if d := Binary(ir.ALUDiv, true, 0, b, Const(16)); d.UMax != 15 {
		t.Errorf("[0,255] / 16 = %v, want umax 15", d)
	}
	if d := Binary(ir.ALUDiv, true, 0, b, Const(0)); !isConst(d, 0) {
		t.Errorf("x / 0 = %v, want 0", d)
	}
	if m := Binary(ir.ALUMod, true, 0, b, Const(0)); m != b {
		t.Errorf("x %% 0 = %v, want x", m)
	}
	// A 32-bit ALU result is zero-extended.
	if a := Binary(ir.ALUAdd, false, 0, u, Const(1)); a.UMax != math.MaxUint32 || a.SMin != 0 {
		t.Errorf("w + 1 = %v, want [0, 2^32-1]", a)
	}
	// Shifts by a non-constant amount forget the value, as the kernel does.
	if s := Binary(ir.ALULsh, true, 0, b, small); !s.IsUnknown() {
		t.Errorf("x << y = %v, want unknown", s)
	}
}

func isConst(v Value, c uint64) bool { x, ok := v.Const(); return ok && x == c }

func TestIncludes(t *testing.T) {
	u := Unknown()
	b := and64(u, 0xff)
	tk, _ := Branch(ir.JumpJLT, false, b, Const(10))
	if !u.Includes(b) || !b.Includes(tk.Dst) || tk.Dst.Includes(b) {
		t.Errorf("inclusion of unknown ⊇ [0,255] ⊇ [0,9] is wrong")
	}
	if !Const(3).Includes(Const(3)) || Const(3).Includes(Const(4)) {
		t.Errorf("inclusion of constants is wrong")
	}
}

// TestNoOverreach is the unsafe neighbour of each precision shape: a value
// the shape must not exclude is still in the result.
func TestNoOverreach(t *testing.T) {
	u := Unknown()
	w100, _ := Branch(ir.JumpJLT, true, u, Const(100))
	s10, _ := Branch(ir.JumpJSLT, false, u, Const(10))
	u10, _ := Branch(ir.JumpJLT, false, u, Const(10))
	ne, _ := Branch(ir.JumpJNE, false, and64(u, 0xff), Const(7))
	set, _ := Branch(ir.JumpJSET, false, u, Const(6))
	tests := []struct {
		name string
		v    Value
		x    uint64
	}{
		{"a 32-bit compare leaves the upper half unknown", w100.Dst, 1<<32 + 5},
		{"a signed compare admits negative values", s10.Dst, uint64(math.MaxUint64 - 4)},
		{"an unsigned compare admits 0", u10.Dst, 0},
		{"!= 7 inside [0,255] keeps its neighbours", ne.Dst, 6},
		{"JSET with two bits learns neither", set.Dst, 2},
		{"JSET with two bits learns neither (other bit)", set.Dst, 4},
		{"32-bit add wraps", Binary(ir.ALUAdd, false, 0, Const(math.MaxUint32), Const(1)), 0},
		{"64-bit add wraps", Binary(ir.ALUAdd, true, 0, FromRange(math.MaxUint64-1, math.MaxUint64), Const(2)), 0},
		{"64-bit add wraps (top)", Binary(ir.ALUAdd, true, 0, FromRange(math.MaxUint64-1, math.MaxUint64), Const(2)), 1},
		{"signed division of MIN by -1 wraps", Binary(ir.ALUDiv, true, 1, Const(1<<63), Const(math.MaxUint64)), 1 << 63},
		{"signed modulo by a range holding 0 keeps the dividend", Binary(ir.ALUMod, true, 1, Const(1000), FromSRange(-1, 3)), 1000},
		{"a shift by 64 is a shift by 0", Binary(ir.ALULsh, true, 0, Const(5), Const(64)), 5},
		{"a 32-bit shift by 33 is a shift by 1", Binary(ir.ALULsh, false, 0, Const(5), Const(33)), 10},
		{"arsh32 of a negative low half", Binary(ir.ALUArsh, false, 0, Const(0x80000000), Const(31)), 0xffffffff},
		{"movsx8 of 0x80", MovSX(true, 8, FromRange(0x7f, 0x80)), uint64(math.MaxUint64 - 127)},
		{"be16 swaps", Swap(SwapToBE, 16, FromRange(0x0100, 0x0101)), 0x0101},
	}
	for _, tc := range tests {
		if !tc.v.Contains(tc.x) {
			t.Errorf("%s: %v lacks %#x", tc.name, tc.v, tc.x)
		}
	}
}

func TestStringWith(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{Unknown().StringWith("id=1"), "scalar(id=1)"},
		{and64(Unknown(), 255).StringWith("id=5"), "scalar(id=5,smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))"},
		{Const(7).StringWith("id=2"), "7"},
		{Unknown().StringWith(), "scalar()"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}
