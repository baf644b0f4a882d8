package absint

import "github.com/bpfcheck/bpfcheck/ir"

// memAccess is check_mem_access: size bytes at base register r plus off.
// value is the register written by a load, or stored by a store (a spill
// candidate); -1 for none (immediate stores, XADD).
func (w *walker) memAccess(r ir.Register, off int32, size int, write bool, value int) *kerr {
	reg := w.cur.Regs[r]
	if reg.Type == PtrToStack && w.prof.StackPtrDeref {
		off += reg.Imm()
	}
	if off%int32(size) != 0 {
		return w.errf("misaligned-access", off, size)
	}
	switch {
	case reg.Type == PtrToMapValue:
		m := w.mapOf(reg)
		if off < 0 || int64(off)+int64(size) > int64(m.ValueSize) {
			return w.errf("map-value-bounds", m.ValueSize, off, size)
		}
		if !write && value >= 0 {
			w.cur.Regs[value] = unknown()
		}
		return nil
	case reg.Type == PtrToCtx:
		if _, ok := w.rules.Ctx.Allows(int(off), size, write); !ok { // the program type's is_valid_access
			return w.errf("invalid-ctx-access", off, size)
		}
		if !write && value >= 0 {
			w.cur.Regs[value] = unknown()
		}
		return nil
	case reg.Type == FramePtr || (reg.Type == PtrToStack && w.prof.StackPtrDeref):
		if off >= 0 || off < -StackSize {
			return w.errf("stack-bounds", off, size)
		}
		if write {
			return w.stackWrite(int(off), size, value)
		}
		return w.stackRead(int(off), size, value)
	}
	return w.errf("invalid-mem-access", r, reg.Type)
}

// spillable reports the register types the 2015 kernels spill as pointers.
func spillable(t RegType) bool {
	return t == PtrToMapValue || t == PtrToStack || t == PtrToCtx
}

// stackWrite is check_stack_write; off is aligned and inside the stack.
func (w *walker) stackWrite(off, size, value int) *kerr {
	s := w.cur
	slot := (StackSize + off) / slotSize
	if value >= 0 && spillable(s.Regs[value].Type) {
		if size != slotSize {
			return w.errf("invalid-spill-size")
		}
		s.Spilled[slot] = s.Regs[value]
		for i := 0; i < slotSize; i++ {
			s.Stack[StackSize+off+i] = StackSpill
		}
		return nil
	}
	s.Spilled[slot] = Reg{}
	for i := 0; i < size; i++ {
		s.Stack[StackSize+off+i] = StackMisc
	}
	return nil
}

// stackRead is check_stack_read: a spilled pointer comes back whole, other
// bytes must all have been written.
func (w *walker) stackRead(off, size, value int) *kerr {
	s := w.cur
	kinds := s.Stack[StackSize+off:]
	if kinds[0] == StackSpill {
		if size != slotSize {
			return w.errf("invalid-spill-size")
		}
		for i := 1; i < slotSize; i++ {
			if kinds[i] != StackSpill {
				return w.errf("corrupted-spill")
			}
		}
		if value >= 0 {
			s.Regs[value] = s.Spilled[(StackSize+off)/slotSize]
		}
		return nil
	}
	for i := 0; i < size; i++ {
		if kinds[i] != StackMisc {
			return w.errf("invalid-stack-read", off, i, size)
		}
	}
	if value >= 0 {
		s.Regs[value] = unknown()
	}
	return nil
}
