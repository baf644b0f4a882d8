//go:build cgo

package smt

import (
	"encoding/binary"
	"testing"
	"time"
)

// eval is the SMT-LIB meaning of a 64-bit operation, computed in Go:
// division by zero gives all ones, remainder by zero the dividend, shifts
// of 64 or more give zero (or the sign).
func eval(op byte, a, b uint64) uint64 {
	switch op % 11 {
	case 0:
		return a + b
	case 1:
		return a - b
	case 2:
		return a * b
	case 3:
		if b == 0 {
			return ^uint64(0)
		}
		return a / b
	case 4:
		if b == 0 {
			return a
		}
		return a % b
	case 5:
		return a & b
	case 6:
		return a | b
	case 7:
		return a ^ b
	case 8:
		if b >= 64 {
			return 0
		}
		return a << b
	case 9:
		if b >= 64 {
			return 0
		}
		return a >> b
	}
	if b >= 64 {
		b = 63
	}
	return uint64(int64(a) >> b)
}

func term(op byte, a, b Term) Term {
	return [...]func(Term, Term) Term{Term.Add, Term.Sub, Term.Mul, Term.UDiv, Term.URem, Term.And, Term.Or, Term.Xor, Term.Shl, Term.LShr, Term.AShr}[op%11](a, b)
}

// FuzzTerms builds a chain of 64-bit operations over two variables from
// the input, pins the variables to values from the input, and checks that
// Z3 finds the formula satisfiable with the value Go computes, and that any
// other value is not satisfiable: the binding builds the terms it names.
// At most eight operations, each solver call bounded by a timeout.
func FuzzTerms(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 3, 4, 8, 10})
	f.Add(make([]byte, 24))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 16 || len(b) > 24 {
			return
		}
		x, y := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
		c, err := New()
		if err != nil {
			t.Skip(err)
		}
		defer c.Close()
		if err := c.SetTimeout(500 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		tx, ty := c.BV("x", 64), c.BV("y", 64)
		e, v := tx, x
		for i, op := range b[16:] {
			if i%2 == 0 {
				e, v = term(op, e, ty), eval(op, v, y)
			} else {
				e, v = term(op, tx, e), eval(op, x, v)
			}
		}
		for _, a := range []Term{tx.Eq(c.Const(x, 64)), ty.Eq(c.Const(y, 64))} {
			if err := c.Assert(a); err != nil {
				t.Fatal(err)
			}
		}
		res, err := c.Check()
		if err == nil && res == Unknown {
			return // the timeout: a hard product or quotient on a loaded machine
		}
		if err != nil || res != Sat {
			t.Fatalf("pinned variables: %v %v", res, err)
		}
		got, err := c.Value(e)
		if err != nil {
			t.Fatal(err)
		}
		if got != v {
			t.Fatalf("x=%#x y=%#x ops %v: z3 %#x, Go %#x", x, y, b[16:], got, v)
		}
		if err := c.Assert(e.Eq(c.Const(v, 64)).Not()); err != nil {
			t.Fatal(err)
		}
		if res, err := c.Check(); err != nil || res == Sat { // Unknown: the timeout on a hard product
			t.Fatalf("x=%#x y=%#x ops %v: another value is %v (%v)", x, y, b[16:], res, err)
		}
	})
}
