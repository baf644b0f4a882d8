package absint

import (
	"fmt"
	"github.com/bpfcheck/bpfcheck/ir"
)

// jump handles class JMP: calls, JA, EXIT and conditional jumps.
func (w *walker) jump(idx int, ins ir.Instruction) (next int, exit bool, e *kerr) {
	op := ins.Opcode.JumpOp()
	kOnly := ins.Opcode.Source() == ir.SourceK
	switch op {
	case ir.JumpCall:
		if e := w.need(wellFormed(idx, kOnly && ins.Off == 0 && ins.Src == 0 && ins.Dst == 0, kCallReservedFields)); e != nil {
			return 0, false, e
		}
		return idx + 1, false, w.call(idx, ins.Imm)
	case ir.JumpJA:
		if e := w.need(wellFormed(idx, kOnly && ins.Imm == 0 && ins.Src == 0 && ins.Dst == 0, kJaReservedFields)); e != nil {
			return 0, false, e
		}
		return idx + int(ins.Off) + 1, false, nil
	case ir.JumpExit:
		// The 2015 kernels require only that R0 was written.
		return 0, true, w.needs(wellFormed(idx, kOnly && ins.Imm == 0 && ins.Src == 0 && ins.Dst == 0, kExitReservedFields),
			w.readable(idx, ir.R0))
	}
	next, e = w.condJump(idx, ins)
	return next, false, e
}

// condJump is check_cond_jmp_op.
func (w *walker) condJump(idx int, ins ir.Instruction) (int, *kerr) {
	op := ins.Opcode.JumpOp()
	if e := w.need(wellFormed(idx, op <= ir.JumpExit, kInvalidJmpOpcode)); e != nil {
		return 0, e
	}
	x := ins.Opcode.Source() == ir.SourceX
	if x {
		if e := w.needs(wellFormed(idx, ins.Imm == 0, kJmpReservedFields), w.readable(idx, ins.Src)); e != nil {
			return 0, e
		}
	} else if e := w.need(wellFormed(idx, ins.Src == 0, kJmpReservedFields)); e != nil {
		return 0, e
	}
	if e := w.need(w.readable(idx, ins.Dst)); e != nil {
		return 0, e
	}
	dst := &w.cur.Regs[ins.Dst]
	eqne := !x && (op == ir.JumpJEQ || op == ir.JumpJNE)
	target := idx + int(ins.Off) + 1
	// A known constant compared for (in)equality with itself takes one side.
	if eqne && dst.Type == ConstImm && dst.Imm() == ins.Imm {
		if ins.Imm < 0 && w.movesNegative32() {
			w.warn(idx, "const-jmp-unverified", fmt.Sprintf("the kernel follows only one branch of this comparison of r%d with the constant %d it holds; if that constant came from a 32-bit move (w = %d), the register holds %#x and the run takes the other branch, which is not verified", ins.Dst, ins.Imm, ins.Imm, uint32(ins.Imm)))
		}
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

// call is check_call: the helper must exist in the profile's kernel, be
// available to the program type and to the program's license; each
// argument must have its prototype's kind; a map that goes with one helper
// only must go with it. Then R0-R5 are clobbered and R0 holds the return.
func (w *walker) call(idx int, id int32) *kerr {
	h, known := HelperByID(id)
	if e := w.needs(wellFormed(idx, id >= 0 && id < w.prof.MaxFuncID, kInvalidFunc),
		wellFormed(idx, known && w.rules.helperAvailable(id), kUnknownFunc),
		wellFormed(idx, !h.GPLOnly || w.gpl, kGplOnlyFunc)); e != nil {
		return e
	}
	mapIdx := -1
	for i, a := range h.Args {
		if e := w.helperArg(idx, ir.Register(i+1), a, &mapIdx); e != nil {
			return e
		}
	}
	if e := w.need(w.mapFuncCompatible(idx, mapIdx, id)); e != nil {
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

// mapFuncCompatible is the obligation that a map type that goes with
// exactly one helper (the profile's MapFuncPairs: prog_array with
// tail_call; perf_event_array with perf_event_read in 4.3) meets only that
// helper. The kernel rejects a mismatch without a message.
func (w *walker) mapFuncCompatible(idx, mapIdx int, id int32) kob {
	if mapIdx < 0 {
		return wellFormed(idx, true, kMapFuncMismatch)
	}
	m := w.prog.Maps[mapIdx]
	for _, pair := range w.prof.MapFuncPairs {
		if (m.Type == pair.Map) != (id == pair.Helper) {
			h, _ := HelperByID(id)
			o := wellFormed(idx, false, kMapFuncMismatch)
			o.kind, o.reg, o.flags = ObCallArg, 1, o.flags|kPrebuilt
			w.prebuilt = w.errf("map-func-mismatch", m.Type.String(), h.Name)
			return o
		}
	}
	return wellFormed(idx, true, kMapFuncMismatch)
}

// expectedArgType is the register type each argument kind requires.
var expectedArgType = [ArgAnything + 1]RegType{
	ArgPtrToStack: PtrToStack, ArgPtrToMapKey: PtrToStack, ArgPtrToMapValue: PtrToStack,
	ArgConstStackSize: ConstImm, ArgConstMapPtr: ConstPtrToMap, ArgPtrToCtx: PtrToCtx,
}

// helperArg is check_func_arg's obligations for argument register r of
// kind a, then its one effect: a map pointer argument names the map the
// key and value arguments are sized by.
func (w *walker) helperArg(idx int, r ir.Register, a ArgType, mapIdx *int) *kerr {
	if a == ArgDontCare {
		return nil
	}
	if e := w.need(w.readable(idx, r)); e != nil {
		return e
	}
	if a == ArgAnything {
		return nil
	}
	if e := w.need(w.argType(idx, r, expectedArgType[a])); e != nil {
		return e
	}
	switch a {
	case ArgConstMapPtr:
		*mapIdx = w.cur.Regs[r].mapIndex()
	case ArgPtrToMapKey, ArgPtrToMapValue:
		o := w.helperMem(idx, r, 0)
		if *mapIdx < 0 {
			what := "key"
			if a == ArgPtrToMapValue {
				what = "value"
			}
			o.flags |= kPrebuilt
			w.prebuilt = w.errf("helper-proto", what)
		} else {
			m := w.prog.Maps[*mapIdx]
			o.size, o.limit = int32(m.KeySize), int64(m.KeySize)
			if a == ArgPtrToMapValue {
				o.size, o.limit = int32(m.ValueSize), int64(m.ValueSize)
			}
		}
		return w.need(o)
	case ArgConstStackSize:
		return w.need(w.helperMem(idx, r-1, w.cur.Regs[r].Imm()))
	}
	return nil
}

// helperMem is the obligation that a helper may read size bytes of stack
// through register r (check_stack_boundary).
func (w *walker) helperMem(idx int, r ir.Register, size int32) kob {
	return kob{insn: int32(idx), kind: ObCallArg, reg: int8(r), region: RegionStack,
		off: w.cur.Regs[r].Imm(), size: size, limit: -StackSize, value: -1, flags: kHelper}
}
