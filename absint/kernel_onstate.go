package absint

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
