package absint

import (
	"github.com/bpfcheck/bpfcheck/ir"
)

// regUse is how an instruction uses a register operand (check_reg_arg).
type regUse uint8

const (
	useSrc       regUse = iota // must be readable
	useDst                     // written: becomes inv
	useDstNoMark               // written later by the instruction itself
)

// checkReg is check_reg_arg.
func (w *walker) checkReg(r ir.Register, use regUse) *kerr {
	if r >= ir.NumRegisters {
		return w.errf("invalid-register", r)
	}
	if use == useSrc {
		if w.cur.Regs[r].Type == NotInit {
			return w.errf("uninit-register", r)
		}
		return nil
	}
	if r == ir.R10 {
		return w.errf("frame-pointer-write")
	}
	if use == useDst {
		w.cur.Regs[r] = unknown()
	}
	return nil
}

// step checks and applies one instruction. It returns the next insn index,
// or exit=true when the path ends.
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
		if ins.Opcode.Mode() != ir.ModeMEM || ins.Src != 0 {
			return 0, false, w.errf("st-reserved-fields")
		}
		if e := w.checkReg(ins.Dst, useSrc); e != nil {
			return 0, false, e
		}
		if w.cur.Regs[ins.Dst].Type == PtrToCtx {
			defer func() {
				if e == nil {
					w.warn(idx, "unsafe-ctx-store", "immediate store into the context is accepted but not rewritten by the kernel: it writes the real struct sk_buff")
				}
			}()
		}
		return idx + 1, false, w.memAccess(ins.Dst, int32(ins.Off), ins.Opcode.Size().Bytes(), true, -1)
	case ir.ClassJMP:
		return w.jump(idx, ins)
	case ir.ClassLD:
		switch ins.Opcode.Mode() {
		case ir.ModeABS, ir.ModeIND:
			return idx + 1, false, w.ldAbs(idx, ins)
		case ir.ModeIMM:
			return idx + 2, false, w.ldImm(ins)
		}
		return 0, false, w.errf("invalid-ld-mode")
	}
	return 0, false, w.errf("unknown-insn-class", uint8(ins.Opcode.Class()))
}

// alu is check_alu_op.
func (w *walker) alu(idx int, ins ir.Instruction) *kerr {
	op := ins.Opcode.ALUOp()
	x := ins.Opcode.Source() == ir.SourceX
	alu64 := ins.Opcode.Class() == ir.ClassALU64
	regs := &w.cur.Regs
	switch {
	case op == ir.ALUNeg || op == ir.ALUEnd:
		if op == ir.ALUNeg {
			if x || ins.Src != 0 || ins.Off != 0 || ins.Imm != 0 {
				return w.errf("neg-reserved-fields")
			}
		} else if ins.Src != 0 || ins.Off != 0 || (ins.Imm != 16 && ins.Imm != 32 && ins.Imm != 64) {
			return w.errf("end-reserved-fields")
		}
		if e := w.checkReg(ins.Dst, useSrc); e != nil {
			return e
		}
		return w.checkReg(ins.Dst, useDst)
	case op == ir.ALUMov:
		if x {
			if ins.Imm != 0 || ins.Off != 0 {
				return w.errf("mov-reserved-fields")
			}
			if e := w.checkReg(ins.Src, useSrc); e != nil {
				return e
			}
		} else if ins.Src != 0 || ins.Off != 0 {
			return w.errf("mov-reserved-fields")
		}
		if e := w.checkReg(ins.Dst, useDst); e != nil {
			return e
		}
		switch {
		case x && alu64:
			regs[ins.Dst] = regs[ins.Src] // after the dst was marked: r1 = r1 gives inv
		case x:
			regs[ins.Dst] = unknown()
		default:
			regs[ins.Dst].setImm(ConstImm, ins.Imm)
		}
		return nil
	case op > ir.ALUEnd:
		return w.errf("invalid-alu-opcode", uint8(op))
	}
	if x {
		if ins.Imm != 0 || ins.Off != 0 {
			return w.errf("alu-reserved-fields")
		}
		if e := w.checkReg(ins.Src, useSrc); e != nil {
			return e
		}
	} else if ins.Src != 0 || ins.Off != 0 {
		return w.errf("alu-reserved-fields")
	}
	if e := w.checkReg(ins.Dst, useSrc); e != nil {
		return e
	}
	if (op == ir.ALUDiv || op == ir.ALUMod) && !x && ins.Imm == 0 {
		return w.errf("div-by-zero")
	}
	stackRelative := op == ir.ALUAdd && alu64 && !x && regs[ins.Dst].Type == FramePtr
	if e := w.checkReg(ins.Dst, useDst); e != nil {
		return e
	}
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
	if e := w.checkReg(ins.Src, useSrc); e != nil {
		return e
	}
	if e := w.checkReg(ins.Dst, useDstNoMark); e != nil {
		return e
	}
	base := w.cur.Regs[ins.Src].Type
	if e := w.memAccess(ins.Src, int32(ins.Off), ins.Opcode.Size().Bytes(), false, int(ins.Dst)); e != nil {
		return e
	}
	if ins.Opcode.Size() != ir.SizeW {
		return nil
	}
	return w.markBase(idx, base)
}

func (w *walker) stx(ins ir.Instruction, idx int) *kerr {
	if e := w.checkReg(ins.Src, useSrc); e != nil {
		return e
	}
	if e := w.checkReg(ins.Dst, useSrc); e != nil {
		return e
	}
	base := w.cur.Regs[ins.Dst].Type
	if e := w.memAccess(ins.Dst, int32(ins.Off), ins.Opcode.Size().Bytes(), true, int(ins.Src)); e != nil {
		return e
	}
	return w.markBase(idx, base)
}

// markBase records the base pointer type an LDX/STX was verified with; the
// kernel rewrites ctx accesses after verification, so one instruction may
// not serve ctx and another pointer type.
func (w *walker) markBase(idx int, base RegType) *kerr {
	if w.marks[idx] == 0 {
		w.marks[idx] = base
	} else if w.marks[idx] != base && (base == PtrToCtx || w.marks[idx] == PtrToCtx) {
		return w.errf("ctx-pointer-mix")
	}
	return nil
}

// xadd is check_xadd: a read, then a write, of the same memory.
func (w *walker) xadd(idx int, ins ir.Instruction) *kerr {
	if sz := ins.Opcode.Size(); (sz != ir.SizeW && sz != ir.SizeDW) || ins.Imm != 0 {
		return w.errf("xadd-reserved-fields")
	}
	if e := w.checkReg(ins.Src, useSrc); e != nil {
		return e
	}
	if e := w.checkReg(ins.Dst, useSrc); e != nil {
		return e
	}
	ctx := w.cur.Regs[ins.Dst].Type == PtrToCtx
	size := ins.Opcode.Size().Bytes()
	if e := w.memAccess(ins.Dst, int32(ins.Off), size, false, -1); e != nil {
		return e
	}
	if e := w.memAccess(ins.Dst, int32(ins.Off), size, true, -1); e != nil {
		return e
	}
	if ctx {
		w.warn(idx, "unsafe-ctx-store", "atomic add into the context is accepted but not rewritten by the kernel: it writes the real struct sk_buff")
	}
	return nil
}

// ldImm is check_ld_imm.
func (w *walker) ldImm(ins ir.Instruction) *kerr {
	if ins.Opcode.Size() != ir.SizeDW {
		return w.errf("invalid-ld-imm")
	}
	if ins.Off != 0 {
		return w.errf("ld-imm64-reserved-fields")
	}
	if e := w.checkReg(ins.Dst, useDst); e != nil {
		return e
	}
	if ins.Src == ir.PseudoMapFD {
		w.cur.Regs[ins.Dst] = mapReg(ConstPtrToMap, int(ins.Imm))
	}
	return nil
}

// ldAbs is check_ld_abs: packet loads through the implicit ctx in R6.
func (w *walker) ldAbs(idx int, ins ir.Instruction) *kerr {
	if !w.rules.LDAbs {
		return w.errf("ld-abs-not-allowed")
	}
	mode := ins.Opcode.Mode()
	if ins.Dst != 0 || ins.Off != 0 || (mode == ir.ModeABS && ins.Src != 0) {
		return w.errf("ld-abs-reserved-fields")
	}
	if e := w.checkReg(ir.R6, useSrc); e != nil {
		return e
	}
	if w.cur.Regs[6].Type != PtrToCtx {
		return w.errf("ld-abs-r6-not-ctx")
	}
	if mode == ir.ModeIND {
		if e := w.checkReg(ins.Src, useSrc); e != nil {
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
