package proof

import (
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/smt"
)

// bswapTerm reverses the bytes of the low width bits of t (a 64-bit term)
// and zero-extends the result to 64 bits.
func bswapTerm(t smt.Term, width int) smt.Term {
	out := t.Extract(7, 0)
	for i := 1; i < width/8; i++ {
		out = out.Concat(t.Extract(8*i+7, 8*i))
	}
	return out.ZeroExt(64 - width)
}

// low32 is the low half of a 64-bit term.
func low32(t smt.Term) smt.Term { return t.Extract(31, 0) }

// divConst is unsigned division by a non-zero constant k: the quotient
// and remainder are fresh variables with a = q*k + r, q*k <= a and r < k
// (exact: these have one solution). The solver decides x % 13 as a 64-bit
// urem only after seconds (a divider circuit); in this form, where the
// program's own q*k (BPF has no mod in older code: clang computes
// x - x/k*k) is the same term as the constraint's, it takes milliseconds.
// A dividend that fits in 32 bits gets a 32-bit quotient and remainder.
func (e *encoder) divConst(st *state, a smt.Term, k uint64, width int) (q, r smt.Term) {
	if v, ok := a.Numeral(); ok {
		if width == 32 {
			v = uint64(uint32(v))
		}
		return e.c.Const(v/k, width), e.c.Const(v%k, width)
	}
	limit := ^uint64(0) >> (64 - width) / k // q*k does not overflow
	switch {
	case width == 64 && k < 1<<32 && e.fits32(a):
		q, r = e.fresh("quot", 32).ZeroExt(32), e.fresh("rem", 32).ZeroExt(32)
	default:
		q, r = e.fresh("quot", width), e.fresh("rem", width)
		e.c.Assert(q.ULe(e.c.Const(limit, width)))
	}
	kk := e.c.Const(k, width)
	qk := q.Mul(kk)
	e.c.Assert(a.Eq(qk.Add(r)).AndB(qk.ULe(a)).AndB(r.ULt(kk)))
	if width == 64 {
		st.divs = append(st.divs, divFact{a: a, qk: qk, r: r})
	}
	return q, r
}

// fits32 asks the solver whether the 64-bit term t is below 2^32 on every
// input that takes the path so far.
func (e *encoder) fits32(t smt.Term) bool {
	c := e.c
	c.Push()
	defer c.Pop()
	if c.Assert(t.ULt(e.k64(1<<32)).Not()) != nil {
		return false
	}
	r, err := c.Check()
	return err == nil && r == smt.Unsat
}

// constDivisor is b's value when it is a non-zero constant.
func constDivisor(b smt.Term) (uint64, bool) {
	k, ok := b.Numeral()
	return k, ok && k != 0
}

// divBPF is BPF division: x/0 = 0; signed when sdiv.
func (e *encoder) divBPF(st *state, a, b smt.Term, bits int, signed bool) smt.Term {
	if k, ok := constDivisor(b); ok && !signed {
		q, _ := e.divConst(st, a, k, bits)
		return q
	}
	zero := e.c.Const(0, bits)
	q := a.UDiv(b)
	if signed {
		q = a.SDiv(b)
	}
	return b.Eq(zero).Ite(zero, q)
}

// modBPF is BPF modulo: x%0 = x; signed (dividend's sign) when smod.
func (e *encoder) modBPF(st *state, a, b smt.Term, bits int, signed bool) smt.Term {
	if k, ok := constDivisor(b); ok && !signed {
		_, r := e.divConst(st, a, k, bits)
		return r
	}
	r := a.URem(b)
	if signed {
		r = a.SRem(b)
	}
	return b.Eq(e.c.Const(0, bits)).Ite(a, r)
}

// aluValue computes an ALU instruction's result on 64-bit terms d (dst) and
// s (src or the immediate), with RFC 9669 semantics.
func (e *encoder) aluValue(st *state, ins ir.Instruction, d, s smt.Term) smt.Term {
	op := ins.Opcode.ALUOp()
	alu64 := ins.Opcode.Class() == ir.ClassALU64
	bits := 32
	if alu64 {
		bits = 64
	}
	a, b := d, s
	if !alu64 {
		a, b = low32(d), low32(s)
	}
	mask := e.c.Const(uint64(bits-1), bits)
	signed := ins.Off == 1
	var r smt.Term
	switch op {
	case ir.ALUAdd:
		r = a.Add(b)
	case ir.ALUSub:
		r = a.Sub(b)
		if alu64 {
			for _, f := range st.divs {
				if f.a == a && f.qk == b {
					r = f.r // x - x/k*k, clang's x % k: the remainder itself
				}
			}
		}
	case ir.ALUMul:
		r = a.Mul(b)
	case ir.ALUDiv:
		r = e.divBPF(st, a, b, bits, signed)
	case ir.ALUOr:
		r = a.Or(b)
	case ir.ALUAnd:
		r = a.And(b)
	case ir.ALULsh:
		r = a.Shl(b.And(mask))
	case ir.ALURsh:
		r = a.LShr(b.And(mask))
	case ir.ALUArsh:
		r = a.AShr(b.And(mask))
	case ir.ALUNeg:
		r = e.c.Const(0, bits).Sub(a)
	case ir.ALUMod:
		r = e.modBPF(st, a, b, bits, signed)
	case ir.ALUXor:
		r = a.Xor(b)
	case ir.ALUMov:
		switch {
		case ins.Opcode.Source() == ir.SourceX && (ins.Off == 8 || ins.Off == 16 || (ins.Off == 32 && alu64)):
			r = s.Extract(int(ins.Off)-1, 0).SignExt(bits - int(ins.Off))
		default:
			r = b
		}
	case ir.ALUEnd:
		width := int(ins.Imm)
		if width != 16 && width != 32 && width != 64 {
			width = 64
		}
		if alu64 || ins.Opcode.Source() == ir.SourceX { // bswap, or to big endian
			return bswapTerm(d, width)
		}
		if width == 64 { // to little endian on a little-endian machine
			return d
		}
		return d.Extract(width-1, 0).ZeroExt(64 - width)
	default:
		return e.fresh("alu", 64)
	}
	if !alu64 {
		return r.ZeroExt(32)
	}
	return r
}

// condTerm is the Boolean a conditional jump tests, on 64-bit terms, or on
// their low halves for JMP32.
func (e *encoder) condTerm(ins ir.Instruction, d, s smt.Term) (smt.Term, bool) {
	a, b := d, s
	if ins.Opcode.Class() == ir.ClassJMP32 {
		a, b = low32(d), low32(s)
	}
	switch ins.Opcode.JumpOp() {
	case ir.JumpJEQ:
		return a.Eq(b), true
	case ir.JumpJNE:
		return a.Eq(b).Not(), true
	case ir.JumpJGT:
		return a.UGt(b), true
	case ir.JumpJGE:
		return a.ULt(b).Not(), true
	case ir.JumpJLT:
		return a.ULt(b), true
	case ir.JumpJLE:
		return a.ULe(b), true
	case ir.JumpJSGT:
		return b.SLt(a), true
	case ir.JumpJSGE:
		return b.SLe(a), true
	case ir.JumpJSLT:
		return a.SLt(b), true
	case ir.JumpJSLE:
		return a.SLe(b), true
	case ir.JumpJSET:
		w := 64
		if ins.Opcode.Class() == ir.ClassJMP32 {
			w = 32
		}
		return a.And(b).Eq(e.c.Const(0, w)).Not(), true
	}
	return smt.Term{}, false
}
