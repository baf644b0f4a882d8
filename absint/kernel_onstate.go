package absint

import "github.com/bpfcheck/bpfcheck/ir"

// kernelRegState is a 2015 register as Options.OnState reports it: Type is
// the log's name of the kernel's type ("inv", "ctx", "map_ptr",
// "map_value", "map_value_or_null", "fp", "imm"; "" for NOT_INIT), Off the
// imm of an "imm" or the offset of an "fp" (0 for R10 itself), Map the map
// of the three map types. Every initialised register is Live: the 2015
// kernels track no liveness and prune by comparing every register.
func kernelRegState(r Reg) RegState {
	s := RegState{Map: -1}
	if r.Type == NotInit {
		return s
	}
	s.Type, s.Live = r.Type.String(), true
	switch {
	case r.Type == ConstImm || r.Type == PtrToStack:
		s.Off = r.Imm()
	case r.Type.isMapType():
		s.Map = r.mapIndex()
	}
	return s
}

// reportKernelState hands the registers of the state about to execute insn
// to Options.OnState. It only reads the state: the walk, its pruning and
// its log are the same with the hook set or not.
func (w *walker) reportKernelState(insn int) {
	var rs [11]RegState
	for i, r := range w.cur.Regs {
		rs[i] = kernelRegState(r)
	}
	w.onState(insn, &rs)
}

// movesNegative32 reports whether the program has a 32-bit move of a
// negative immediate (w = k, k < 0). The 2015 kernels keep the immediate k
// of both r = k and w = k as the register's constant, but w = k zero-extends:
// the register holds (u32)k, not k. Their JEQ/JNE short-circuit on a
// constant that equals the compared immediate then follows the branch the
// run does not take, and the branch the run takes is never verified: a
// known-unsafe acceptance of those kernels (warning const-jmp-unverified).
func (w *walker) movesNegative32() bool {
	if w.negMov32 == 0 {
		w.negMov32 = 1
		for _, in := range w.insns {
			if in.Opcode == ir.ALUOpcode(ir.ClassALU, ir.ALUMov, ir.SourceK) && in.Imm < 0 {
				w.negMov32 = 2
				break
			}
		}
	}
	return w.negMov32 == 2
}
