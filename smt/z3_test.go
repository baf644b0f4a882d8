//go:build cgo

package smt

import (
	"debug/elf"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func newCtx(t testing.TB) *Context {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestProveCommutativity(t *testing.T) {
	c := newCtx(t)
	x, y := c.BV("x", 64), c.BV("y", 64)
	c.Assert(x.Add(y).Eq(y.Add(x)).Not())
	if r, err := c.Check(); err != nil || r != Unsat {
		t.Fatalf("x+y != y+x: %v %v, want unsat", r, err)
	}
}

func TestModelOfMultiplication(t *testing.T) {
	c := newCtx(t)
	x := c.BV("x", 64)
	c.Assert(x.Mul(c.Const(3, 64)).Eq(c.Const(7, 64)))
	r, err := c.Check()
	if err != nil || r != Sat {
		t.Fatalf("x*3 == 7 mod 2^64: %v %v, want sat", r, err)
	}
	v, err := c.Value(x)
	if err != nil || v*3 != 7 {
		t.Fatalf("model x = %d (x*3 = %d), err %v", v, v*3, err)
	}
}

// TestOutOfBoundsWitness is the shape of a stack-bounds obligation: an
// offset whose access of 8 bytes leaves the 512-byte stack.
func TestOutOfBoundsWitness(t *testing.T) {
	c := newCtx(t)
	off := c.BV("off", 64)
	c.Push()
	c.Assert(off.ULt(c.Const(600, 64)))
	c.Assert(off.Add(c.Const(8, 64)).UGt(c.Const(512, 64)))
	if r, _ := c.Check(); r != Sat {
		t.Fatalf("want a witness, got %v", r)
	}
	v, err := c.Value(off)
	if err != nil || v >= 600 || v+8 <= 512 {
		t.Fatalf("witness off = %d: not a violation (%v)", v, err)
	}
	if s := c.SMTLIB(); !strings.Contains(s, "bvult") || !strings.Contains(s, "declare-fun off") {
		t.Errorf("SMT-LIB2 dump lacks the assertions:\n%s", s)
	}
	c.Pop()
	c.Push()
	c.Assert(off.ULt(c.Const(504, 64)))
	c.Assert(off.Add(c.Const(8, 64)).UGt(c.Const(512, 64)))
	if r, _ := c.Check(); r != Unsat {
		t.Fatalf("off < 504 keeps 8 bytes inside 512: got %v", r)
	}
	c.Pop()
}

func TestSortMismatchIsAnError(t *testing.T) {
	c := newCtx(t)
	bad := c.BV("a", 32).Add(c.BV("b", 64))
	if c.Err() == nil || bad.String() != "<invalid>" {
		t.Fatalf("adding 32 and 64 bits must fail with an error, got %v %s", c.Err(), bad)
	}
	if err := c.Assert(bad); err == nil {
		t.Errorf("asserting an invalid term must fail")
	}
}

func TestTimeoutGivesUnknown(t *testing.T) {
	c := newCtx(t)
	if err := c.SetTimeout(time.Millisecond); err != nil {
		t.Fatal(err)
	}
	// Factoring a 64-bit semiprime by multiplication is hard for bit-blasting.
	x, y := c.BV("x", 64), c.BV("y", 64)
	one := c.Const(1, 64)
	c.Assert(x.Mul(y).Eq(c.Const(0xfffffffb*0xffffffef, 64)))
	c.Assert(x.UGt(one))
	c.Assert(y.UGt(one))
	c.Assert(x.ULt(c.Const(1<<32, 64)))
	c.Assert(y.ULt(c.Const(1<<32, 64)))
	r, err := c.Check()
	if err != nil {
		t.Fatal(err)
	}
	if r == Unsat {
		t.Fatalf("the factorisation exists: unsat is wrong")
	}
	t.Logf("1 ms budget: %v", r)
}

func TestContextsPerGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g uint64) {
			defer wg.Done()
			c, err := New()
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			for i := uint64(0); i < 50; i++ {
				c.Push()
				x := c.BV("x", 64)
				c.Assert(x.Add(c.Const(g, 64)).Eq(c.Const(100+i, 64)))
				if r, _ := c.Check(); r != Sat {
					t.Errorf("goroutine %d query %d: %v", g, i, r)
				}
				if v, _ := c.Value(x); v != 100+i-g {
					t.Errorf("goroutine %d: x = %d", g, v)
				}
				c.Pop()
			}
		}(uint64(g))
	}
	wg.Wait()
}

// BenchmarkQueryPushPop reuses one solver: push, assert, check, pop.
func BenchmarkQueryPushPop(b *testing.B) {
	c := newCtx(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.Push()
		off := c.BV("off", 64)
		c.Assert(off.ULt(c.Const(uint64(i%500), 64)))
		c.Assert(off.Add(c.Const(8, 64)).UGt(c.Const(512, 64)))
		c.Check()
		c.Pop()
	}
}

// BenchmarkQueryFreshContext creates a context per query, for comparison.
func BenchmarkQueryFreshContext(b *testing.B) {
	for i := 0; i < b.N; i++ {
		c, _ := New()
		off := c.BV("off", 64)
		c.Assert(off.ULt(c.Const(uint64(i%500), 64)))
		c.Assert(off.Add(c.Const(8, 64)).UGt(c.Const(512, 64)))
		c.Check()
		c.Close()
	}
}

// TestZ3NotLinked: no binary importing smt names libz3 among its libraries
// (the first New opens it), so a process that never solves never loads it.
func TestZ3NotLinked(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF only")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range libs {
		if strings.Contains(l, "z3") || strings.Contains(l, "stdc++") {
			t.Errorf("the test binary links %s", l)
		}
	}
	newCtx(t)
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(maps), "libz3") {
		t.Error("libz3 is not mapped after New")
	}
}

// TestAxiomAssertedWhenMentioned: an axiom takes part in a check only
// once an assertion mentions its constant, directly or through another
// axiom, and is pending again after the scope that asserted it closes.
func TestAxiomAssertedWhenMentioned(t *testing.T) {
	c := newCtx(t)
	x, y, z := c.BV("x", 64), c.BV("y", 64), c.BV("z", 64)
	k := func(v uint64) Term { return c.Const(v, 64) }
	check := func(want Result, what string) {
		t.Helper()
		if r, err := c.Check(); err != nil || r != want {
			t.Fatalf("%s: %v %v, want %v\n%s", what, r, err, want, c.SMTLIB())
		}
	}
	if err := c.Axiom(x.UGt(k(5)), x); err != nil {
		t.Fatal(err)
	}
	if err := c.Axiom(y.UGt(x), y); err != nil { // y > x > 5 once y is mentioned
		t.Fatal(err)
	}
	c.Push()
	c.Assert(z.ULt(k(3)))
	check(Sat, "z < 3 mentions no axiom's constant")
	if strings.Contains(c.SMTLIB(), "bvugt") {
		t.Fatalf("an unmentioned axiom was asserted:\n%s", c.SMTLIB())
	}
	c.Push()
	c.Assert(y.ULt(k(6)))
	check(Unsat, "y < 6 with y > x > 5")
	c.Pop()
	c.Pop()
	c.Push()
	c.Assert(x.ULt(k(7)))
	check(Sat, "x < 7 with x > 5")
	if v, err := c.Value(x); err != nil || v != 6 {
		t.Fatalf("model x = %d (%v), want 6", v, err)
	}
	c.Pop()
	c.Push()
	c.Assert(x.ULt(k(5)))
	check(Unsat, "x < 5 after the scope that asserted x > 5 closed")
	c.Pop()
	c.Push()
	if err := c.Axiom(z.Eq(k(1)), z); err != nil {
		t.Fatal(err)
	}
	c.Pop()
	c.Push()
	c.Assert(z.Eq(k(2)))
	check(Sat, "an axiom given in a closed scope is gone")
	c.Pop()
}
