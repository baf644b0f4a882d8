package absint

import (
	"github.com/bpfcheck/bpfcheck/ir"
)

// Each instruction's transfer function lists its obligations in the
// kernel's order, discharging each as it is listed (a later one may be
// built from a register an earlier one showed to be valid), then applies
// the instruction's effect. Nothing is written before every obligation
// holds.

// needs discharges obligations in order (need for one). It inlines: the
// obligations listed with kHolds cost a flag test each.
func (w *walker) needs(obs ...kob) *kerr {
	for i := range obs {
		if obs[i].flags&w.skip == 0 {
			return w.needsFrom(obs[i:])
		}
	}
	return nil
}

// needsFrom discharges obs in order, the first in full.
func (w *walker) needsFrom(obs []kob) *kerr {
	for i := range obs {
		if e := w.need(obs[i]); e != nil {
			return e
		}
	}
	return nil
}

// stepInsn checks and applies one instruction. It returns the next insn
// index, or exit=true when the path ends.
func (w *walker) stepInsn(idx int, ins ir.Instruction) (next int, exit bool, e *kerr) {
	switch ins.Opcode.Class() {
	case ir.ClassALU, ir.ClassALU64:
		return idx + 1, false, w.alu(idx, ins)
	case ir.ClassLDX:
		return idx + 1, false, w.ldx(ins, idx)
	case ir.ClassSTX:
		if ins.Opcode.Mode() == ir.ModeATOMIC {
			return idx + 1, false, w.xadd(idx, ins)
		}
		return idx + 1, false, w.stx(ins, idx)
	case ir.ClassST:
		return idx + 1, false, w.st(idx, ins)
	case ir.ClassJMP:
		return w.jump(idx, ins)
	case ir.ClassLD:
		switch ins.Opcode.Mode() {
		case ir.ModeABS, ir.ModeIND:
			return idx + 1, false, w.ldAbs(idx, ins)
		case ir.ModeIMM:
			return idx + 2, false, w.ldImm(idx, ins)
		}
		return 0, false, w.need(wellFormed(idx, false, kInvalidLdMode))
	}
	return 0, false, w.need(wellFormed(idx, false, kUnknownInsnClass))
}

// alu is check_alu_op.
func (w *walker) alu(idx int, ins ir.Instruction) *kerr {
	op := ins.Opcode.ALUOp()
	x := ins.Opcode.Source() == ir.SourceX
	alu64 := ins.Opcode.Class() == ir.ClassALU64
	regs := &w.cur.Regs
	switch {
	case op == ir.ALUNeg || op == ir.ALUEnd:
		var ok kob
		if op == ir.ALUNeg {
			ok = wellFormed(idx, !x && ins.Src == 0 && ins.Off == 0 && ins.Imm == 0, kNegReservedFields)
		} else {
			ok = wellFormed(idx, ins.Src == 0 && ins.Off == 0 && (ins.Imm == 16 || ins.Imm == 32 || ins.Imm == 64), kEndReservedFields)
		}
		if e := w.needs(ok, w.readable(idx, ins.Dst), writable(idx, ins.Dst)); e != nil {
			return e
		}
		regs[ins.Dst] = unknown()
		return nil
	case op == ir.ALUMov:
		if x {
			if e := w.needs(wellFormed(idx, ins.Imm == 0 && ins.Off == 0, kMovReservedFields), w.readable(idx, ins.Src)); e != nil {
				return e
			}
		} else if e := w.need(wellFormed(idx, ins.Src == 0 && ins.Off == 0, kMovReservedFields)); e != nil {
			return e
		}
		if e := w.need(writable(idx, ins.Dst)); e != nil {
			return e
		}
		regs[ins.Dst] = unknown() // first, as the kernel does: r1 = r1 gives inv
		switch {
		case x && alu64:
			regs[ins.Dst] = regs[ins.Src]
		case x:
			regs[ins.Dst] = unknown()
		default:
			regs[ins.Dst].setImm(ConstImm, ins.Imm)
		}
		return nil
	case op > ir.ALUEnd:
		return w.need(wellFormed(idx, false, kInvalidAluOpcode))
	}
	if x {
		if e := w.needs(wellFormed(idx, ins.Imm == 0 && ins.Off == 0, kAluReservedFields), w.readable(idx, ins.Src)); e != nil {
			return e
		}
	} else if e := w.need(wellFormed(idx, ins.Src == 0 && ins.Off == 0, kAluReservedFields)); e != nil {
		return e
	}
	if e := w.needs(w.readable(idx, ins.Dst),
		wellFormed(idx, (op != ir.ALUDiv && op != ir.ALUMod) || x || ins.Imm != 0, kDivByZero),
		writable(idx, ins.Dst)); e != nil {
		return e
	}
	stackRelative := op == ir.ALUAdd && alu64 && !x && regs[ins.Dst].Type == FramePtr
	regs[ins.Dst] = unknown()
	if stackRelative {
		regs[ins.Dst].setImm(PtrToStack, ins.Imm)
	}
	if op == ir.ALUArsh && !alu64 {
		w.warn(idx, "alu32-arsh", "32-bit arithmetic right shift is accepted, but the 2015 interpreter has no such instruction")
	}
	return nil
}

// ldx checks a load, then the kernel's one-pointer-type-per-insn rule.
func (w *walker) ldx(ins ir.Instruction, idx int) *kerr {
	if e := w.needs(w.readable(idx, ins.Src), writable(idx, ins.Dst)); e != nil {
		return e
	}
	base := w.cur.Regs[ins.Src].Type
	acc := w.access(idx, ins.Src, int32(ins.Off), ins.Opcode.Size().Bytes(), false, int(ins.Dst))
	if e := w.need(acc); e != nil {
		return e
	}
	word := ins.Opcode.Size() == ir.SizeW
	if word {
		if e := w.need(w.sameBase(idx, ins.Src, base)); e != nil {
			return e
		}
	}
	w.load(&acc)
	if word {
		w.markBase(idx, base)
	}
	return nil
}

func (w *walker) stx(ins ir.Instruction, idx int) *kerr {
	if e := w.needs(w.readable(idx, ins.Src), w.readable(idx, ins.Dst)); e != nil {
		return e
	}
	base := w.cur.Regs[ins.Dst].Type
	acc := w.access(idx, ins.Dst, int32(ins.Off), ins.Opcode.Size().Bytes(), true, int(ins.Src))
	if e := w.needs(acc, w.sameBase(idx, ins.Dst, base)); e != nil {
		return e
	}
	w.store(&acc)
	w.markBase(idx, base)
	return nil
}

// st is an immediate store.
func (w *walker) st(idx int, ins ir.Instruction) *kerr {
	if e := w.needs(wellFormed(idx, ins.Opcode.Mode() == ir.ModeMEM && ins.Src == 0, kStReservedFields), w.readable(idx, ins.Dst)); e != nil {
		return e
	}
	acc := w.access(idx, ins.Dst, int32(ins.Off), ins.Opcode.Size().Bytes(), true, -1)
	if e := w.need(acc); e != nil {
		return e
	}
	w.store(&acc)
	if acc.region == RegionCtx {
		w.warn(idx, "unsafe-ctx-store", "immediate store into the context is accepted but not rewritten by the kernel: it writes the real struct sk_buff")
	}
	return nil
}

// sameBase is the kernel's reuse of LDX/STX imm fields: the kernel rewrites
// ctx accesses after verification, so one instruction may not serve ctx and
// another pointer type.
func (w *walker) sameBase(idx int, r ir.Register, base RegType) kob {
	first := w.marks[idx]
	ok := first == 0 || first == base || (base != PtrToCtx && first != PtrToCtx)
	o := wellFormed(idx, ok, kCtxPointerMix)
	o.kind, o.reg = ObType, int8(r)
	return o
}

// markBase records the base pointer type an LDX/STX was first verified with.
func (w *walker) markBase(idx int, base RegType) {
	if w.marks[idx] == 0 {
		w.marks[idx] = base
	}
}

// xadd is check_xadd: a read, then a write, of the same memory.
func (w *walker) xadd(idx int, ins ir.Instruction) *kerr {
	sz := ins.Opcode.Size()
	if e := w.needs(wellFormed(idx, (sz == ir.SizeW || sz == ir.SizeDW) && ins.Imm == 0, kXaddReservedFields),
		w.readable(idx, ins.Src), w.readable(idx, ins.Dst)); e != nil {
		return e
	}
	size := sz.Bytes()
	read := w.access(idx, ins.Dst, int32(ins.Off), size, false, -1)
	write := w.access(idx, ins.Dst, int32(ins.Off), size, true, -1)
	if e := w.needs(read, write); e != nil {
		return e
	}
	w.store(&write)
	if write.region == RegionCtx {
		w.warn(idx, "unsafe-ctx-store", "atomic add into the context is accepted but not rewritten by the kernel: it writes the real struct sk_buff")
	}
	return nil
}

// ldImm is check_ld_imm.
func (w *walker) ldImm(idx int, ins ir.Instruction) *kerr {
	if e := w.needs(wellFormed(idx, ins.Opcode.Size() == ir.SizeDW, kInvalidLdImm),
		wellFormed(idx, ins.Off == 0, kLdimm64ReservedFields), writable(idx, ins.Dst)); e != nil {
		return e
	}
	w.cur.Regs[ins.Dst] = unknown()
	if ins.Src == ir.PseudoMapFD {
		w.cur.Regs[ins.Dst] = mapReg(ConstPtrToMap, int(ins.Imm))
	}
	return nil
}

// ldAbs is check_ld_abs: packet loads through the implicit ctx in R6.
func (w *walker) ldAbs(idx int, ins ir.Instruction) *kerr {
	mode := ins.Opcode.Mode()
	if e := w.needs(wellFormed(idx, w.rules.LDAbs, kLdAbsNotAllowed),
		wellFormed(idx, ins.Dst == 0 && ins.Off == 0 && (mode != ir.ModeABS || ins.Src == 0), kLdAbsReservedFields),
		w.readable(idx, ir.R6), hasType(idx, ir.R6, PtrToCtx, kLdAbsR6NotCtx)); e != nil {
		return e
	}
	if mode == ir.ModeIND {
		if e := w.need(w.readable(idx, ins.Src)); e != nil {
			return e
		}
	}
	w.clobberCallerSaved()
	w.cur.Regs[0].Type = UnknownValue
	if ins.Opcode.Size() == ir.SizeDW {
		w.warn(idx, "ld-abs-dw", "8-byte packet load is accepted, but the 2015 interpreter implements only 1, 2 and 4 bytes")
	}
	return nil
}

// clobberCallerSaved makes R0-R5 unreadable, writing only type and imm as
// the kernel does (the union's upper half survives).
func (w *walker) clobberCallerSaved() {
	for r := 0; r <= 5; r++ {
		w.cur.Regs[r].setImm(NotInit, 0)
	}
}
