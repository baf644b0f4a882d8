package absint

// The effects of memory accesses whose obligation (kernel_obligations.go:
// access, accessHolds) was discharged.

// spillable reports the register types the 2015 kernels spill as pointers.
func spillable(t RegType) bool {
	return t == PtrToMapValue || t == PtrToStack || t == PtrToCtx
}

// load fills the loaded register: a spilled pointer comes back whole from
// the stack, anything else is inv.
func (w *walker) load(o *kob) {
	if o.value < 0 {
		return
	}
	s := w.cur
	if o.region == RegionStack {
		at := StackSize + int(o.off)
		if s.Stack[at] == StackSpill {
			s.Regs[o.value] = s.Spilled[at/slotSize]
			return
		}
	}
	s.Regs[o.value] = unknown()
}

// store is check_stack_write's effect (other regions keep no contents): a
// spillable register is spilled into its slot, anything else makes the
// bytes written data.
func (w *walker) store(o *kob) {
	if o.region != RegionStack {
		return
	}
	s := w.cur
	off := int(o.off)
	slot := (StackSize + off) / slotSize
	if o.value >= 0 && spillable(s.Regs[o.value].Type) {
		s.Spilled[slot] = s.Regs[o.value]
		for i := 0; i < slotSize; i++ {
			s.Stack[StackSize+off+i] = StackSpill
		}
		return
	}
	s.Spilled[slot] = Reg{}
	for i := 0; i < int(o.size); i++ {
		s.Stack[StackSize+off+i] = StackMisc
	}
}
