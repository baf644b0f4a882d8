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

// divBPF is BPF division: x/0 = 0; signed when sdiv.
func (e *encoder) divBPF(a, b smt.Term, bits int, signed bool) smt.Term {
	zero := e.c.Const(0, bits)
	q := a.UDiv(b)
	if signed {
		q = a.SDiv(b)
	}
	return b.Eq(zero).Ite(zero, q)
}

// modBPF is BPF modulo: x%0 = x; signed (dividend's sign) when smod.
func (e *encoder) modBPF(a, b smt.Term, bits int, signed bool) smt.Term {
	r := a.URem(b)
	if signed {
		r = a.SRem(b)
	}
	return b.Eq(e.c.Const(0, bits)).Ite(a, r)
}

// aluValue computes an ALU instruction's result on 64-bit terms d (dst) and
// s (src or the immediate), with RFC 9669 semantics.
func (e *encoder) aluValue(ins ir.Instruction, d, s smt.Term) smt.Term {
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
	case ir.ALUMul:
		r = a.Mul(b)
	case ir.ALUDiv:
		r = e.divBPF(a, b, bits, signed)
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
		r = e.modBPF(a, b, bits, signed)
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
