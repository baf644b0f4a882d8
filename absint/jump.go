package absint

import (
	"github.com/bpfcheck/bpfcheck/ir"
)

// jump handles class JMP: calls, JA, EXIT and conditional jumps.
func (w *walker) jump(idx int, ins ir.Instruction) (next int, exit bool, e *kerr) {
	op := ins.Opcode.JumpOp()
	kOnly := ins.Opcode.Source() == ir.SourceK
	switch op {
	case ir.JumpCall:
		if !kOnly || ins.Off != 0 || ins.Src != 0 || ins.Dst != 0 {
			return 0, false, w.errf("call-reserved-fields")
		}
		return idx + 1, false, w.call(ins.Imm)
	case ir.JumpJA:
		if !kOnly || ins.Imm != 0 || ins.Src != 0 || ins.Dst != 0 {
			return 0, false, w.errf("ja-reserved-fields")
		}
		return idx + int(ins.Off) + 1, false, nil
	case ir.JumpExit:
		if !kOnly || ins.Imm != 0 || ins.Src != 0 || ins.Dst != 0 {
			return 0, false, w.errf("exit-reserved-fields")
		}
		return 0, true, w.checkReg(ir.R0, useSrc)
	}
	next, e = w.condJump(idx, ins)
	return next, false, e
}

// condJump is check_cond_jmp_op.
func (w *walker) condJump(idx int, ins ir.Instruction) (int, *kerr) {
	op := ins.Opcode.JumpOp()
	if op > ir.JumpExit {
		return 0, w.errf("invalid-jmp-opcode", uint8(op))
	}
	x := ins.Opcode.Source() == ir.SourceX
	if x {
		if ins.Imm != 0 {
			return 0, w.errf("jmp-reserved-fields")
		}
		if e := w.checkReg(ins.Src, useSrc); e != nil {
			return 0, e
		}
	} else if ins.Src != 0 {
		return 0, w.errf("jmp-reserved-fields")
	}
	if e := w.checkReg(ins.Dst, useSrc); e != nil {
		return 0, e
	}
	dst := &w.cur.Regs[ins.Dst]
	eqne := !x && (op == ir.JumpJEQ || op == ir.JumpJNE)
	target := idx + int(ins.Off) + 1
	// A known constant compared for (in)equality with itself takes one side.
	if eqne && dst.Type == ConstImm && dst.Imm() == ins.Imm {
		if op == ir.JumpJEQ {
			return target, nil
		}
		return idx + 1, nil
	}
	other, e := w.push(target, idx)
	if e != nil {
		return 0, e
	}
	switch {
	case eqne && ins.Imm == 0 && dst.Type == PtrToMapValueOrNull:
		// NULL check of a lookup result: only the tested register learns.
		if op == ir.JumpJEQ {
			dst.Type = PtrToMapValue
			other.Regs[ins.Dst].setImm(ConstImm, 0)
		} else {
			other.Regs[ins.Dst].Type = PtrToMapValue
			dst.setImm(ConstImm, 0)
		}
	case eqne && op == ir.JumpJEQ:
		other.Regs[ins.Dst].setImm(ConstImm, ins.Imm)
	case eqne:
		dst.setImm(ConstImm, ins.Imm)
	}
	w.logState(w.cur)
	return idx + 1, nil
}

// call is check_call.
func (w *walker) call(id int32) *kerr {
	if id < 0 || id >= w.prof.MaxFuncID {
		return w.errf("invalid-func", id)
	}
	h, ok := HelperByID(id)
	if !ok || !w.rules.helperAvailable(id) {
		return w.errf("unknown-func", id)
	}
	if h.GPLOnly && !w.gpl {
		return w.errf("gpl-only-func")
	}
	mapIdx := -1
	for i, a := range h.Args {
		if e := w.helperArg(ir.Register(i+1), a, &mapIdx); e != nil {
			return e
		}
	}
	if e := w.mapFuncCompatible(mapIdx, id); e != nil {
		return e
	}
	w.clobberCallerSaved()
	r0 := &w.cur.Regs[0]
	switch h.Ret {
	case RetInteger:
		r0.Type = UnknownValue
	case RetVoid:
		r0.Type = NotInit
	case RetMapValueOrNull:
		*r0 = mapReg(PtrToMapValueOrNull, mapIdx)
	}
	return nil
}

// mapFuncCompatible enforces the map types that go with exactly one helper
// (prog_array with tail_call; perf_event_array with perf_event_read in 4.3).
// The kernel rejects a mismatch without a message.
func (w *walker) mapFuncCompatible(mapIdx int, id int32) *kerr {
	if mapIdx < 0 {
		return nil
	}
	m := w.prog.Maps[mapIdx]
	for _, pair := range w.prof.MapFuncPairs {
		if (m.Type == pair.Map) != (id == pair.Helper) {
			h, _ := HelperByID(id)
			return &kerr{errno: "EINVAL", code: "map-func-mismatch", silent: true,
				msg: "map of type " + m.Type.String() + " cannot be passed to helper " + h.Name}
		}
	}
	return nil
}

// expectedArgType is the register type each argument kind requires.
var expectedArgType = map[ArgType]RegType{
	ArgPtrToStack: PtrToStack, ArgPtrToMapKey: PtrToStack, ArgPtrToMapValue: PtrToStack,
	ArgConstStackSize: ConstImm, ArgConstMapPtr: ConstPtrToMap, ArgPtrToCtx: PtrToCtx,
}

// helperArg is check_func_arg.
func (w *walker) helperArg(r ir.Register, a ArgType, mapIdx *int) *kerr {
	if a == ArgDontCare {
		return nil
	}
	reg := w.cur.Regs[r]
	if reg.Type == NotInit {
		return w.errf("uninit-register", r)
	}
	if a == ArgAnything {
		return nil
	}
	want := expectedArgType[a]
	if reg.Type != want {
		return w.errf("helper-arg-type", r, reg.Type, want)
	}
	switch a {
	case ArgConstMapPtr:
		*mapIdx = reg.mapIndex()
	case ArgPtrToMapKey, ArgPtrToMapValue:
		if *mapIdx < 0 {
			what := "key"
			if a == ArgPtrToMapValue {
				what = "value"
			}
			return w.errf("helper-proto", what)
		}
		m := w.prog.Maps[*mapIdx]
		size := m.KeySize
		if a == ArgPtrToMapValue {
			size = m.ValueSize
		}
		return w.stackBoundary(r, int32(size))
	case ArgConstStackSize:
		return w.stackBoundary(r-1, reg.Imm())
	}
	return nil
}

// stackBoundary is check_stack_boundary: a helper reads size bytes of
// initialised, non-spilled stack at the register's offset.
func (w *walker) stackBoundary(r ir.Register, size int32) *kerr {
	reg := w.cur.Regs[r]
	if reg.Type != PtrToStack {
		return &kerr{errno: "EACCES", code: "helper-arg-not-stack", silent: true,
			msg: "R" + itoa(int(r)) + " is not a pointer to the stack"}
	}
	off := reg.Imm()
	if off >= 0 || off < -StackSize || off+size > 0 || size <= 0 {
		return w.errf("helper-stack-range", r, off, size)
	}
	for i := int32(0); i < size; i++ {
		at := StackSize + int(off) + int(i)
		if at >= StackSize || w.cur.Stack[at] != StackMisc {
			return w.errf("helper-stack-uninit", off, i, size)
		}
	}
	return nil
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
