package absint

import "github.com/bpfcheck/bpfcheck/ir"

// The kernel profiles' safety conditions as data. Each instruction's
// transfer function first lists what must hold (obligations, built from the
// instruction and the state before it, without changing anything), in the
// order the 2015 kernel checks them; the walker discharges each concretely
// against the current state, the first that fails being the rejection with
// the kernel's message; only then does the transfer function apply the
// instruction's effect.

// kob is a kernel-profile obligation: the profile-independent Obligation and
// what its concrete discharge needs besides.
type kob struct {
	Obligation
	// code is the rejection when the obligation fails, args the message's
	// arguments, for obligations whose message is not their kind's usual
	// one. decided marks an obligation decided by the instruction's
	// encoding, the profile and the walk's own records alone (well-formed
	// encodings, the ctx-pointer-mix rule, map/helper pairs): Holds is set
	// when it is listed.
	code    string
	args    []any
	decided bool
	// want is the register type an ObType or ObCallArg obligation requires.
	want RegType
	// value is the register a store writes into memory or a load fills
	// (the stack's spill rules depend on it), -1 for none.
	value int
	// helper marks an ObCallArg about the stack memory a helper reads
	// (check_stack_boundary's messages, not check_mem_access's).
	helper bool
}

// wellFormed is an encoding condition: ok says whether it holds. The
// message's arguments, if any, come from the instruction (failArgs).
func wellFormed(idx int, ok bool, code string) kob {
	return kob{Obligation: Obligation{Insn: idx, Kind: ObWellFormed, Reg: -1, Holds: ok}, code: code, decided: true}
}

// failArgs are the message arguments of a decided obligation that failed:
// its own (set only on the failing path, so that listing obligations
// allocates nothing), or those its code takes from the instruction.
func (w *walker) failArgs(o *kob) []any {
	if o.args != nil {
		return o.args
	}
	ins := w.insns[o.Insn]
	switch o.code {
	case "invalid-alu-opcode":
		return []any{uint8(ins.Opcode.ALUOp())}
	case "invalid-jmp-opcode":
		return []any{uint8(ins.Opcode.JumpOp())}
	case "unknown-insn-class":
		return []any{uint8(ins.Opcode.Class())}
	case "invalid-func", "unknown-func":
		return []any{ins.Imm}
	}
	return nil
}

// readable: register r may be read (check_reg_arg, SRC_OP).
func readable(idx int, r ir.Register) kob {
	return kob{Obligation: Obligation{Insn: idx, Kind: ObReadable, Reg: int(r)}}
}

// writable: register r may be written (check_reg_arg, DST_OP): a real
// register other than the frame pointer.
func writable(idx int, r ir.Register) kob {
	return kob{Obligation: Obligation{Insn: idx, Kind: ObWellFormed, Reg: int(r), Want: "writable register"}}
}

// hasType: register r holds a want.
func hasType(idx int, r ir.Register, want RegType, code string) kob {
	return kob{Obligation: Obligation{Insn: idx, Kind: ObType, Reg: int(r), Want: want.String()}, want: want, code: code}
}

// access is the obligation of a load or store of size bytes at base
// register r plus off. The profile's Deref table says which region a
// register type reaches (a stack pointer's own offset adds to off); a
// region of none means the register may not be dereferenced.
func (w *walker) access(idx int, r ir.Register, off int32, size int, write bool, value int) kob {
	reg := w.cur.Regs[r]
	o := kob{Obligation: Obligation{Insn: idx, Kind: ObAccess, Reg: int(r), Size: size, Write: write}, value: value}
	if int(reg.Type) < len(w.prof.Deref) {
		o.Region = w.prof.Deref[reg.Type]
	}
	switch o.Region {
	case RegionStack:
		off += reg.Imm()
		o.Limit = -StackSize
	case RegionMapValue:
		o.Limit = int64(w.mapOf(reg).ValueSize)
	case RegionCtx:
		o.Limit = int64(w.rules.Ctx.Size)
	}
	o.Off, o.MaxOff = int64(off), int64(off)
	return o
}

// need discharges an obligation against the current state, concretely and
// in check_*'s order of conditions; nil when it holds.
func (w *walker) need(o *kob) *kerr {
	if w.onNeed != nil {
		e := w.discharge(o)
		w.onNeed(*o) // a copy: a pointer passed to a func value would make every list of obligations escape
		return e
	}
	return w.discharge(o)
}

func (w *walker) discharge(o *kob) *kerr {
	if o.decided {
		if o.Holds {
			return nil
		}
		return w.errf(o.code, w.failArgs(o)...)
	}
	var e *kerr
	switch o.Kind {
	case ObWellFormed:
		e = w.writableHolds(o)
	case ObReadable:
		if o.Reg >= ir.NumRegisters {
			e = w.errf("invalid-register", o.Reg)
		} else if w.cur.Regs[o.Reg].Type == NotInit {
			e = w.errf("uninit-register", o.Reg)
		}
	case ObType:
		if t := w.cur.Regs[o.Reg].Type; t != o.want {
			e = w.typeMismatch(o, t)
		}
	case ObAccess:
		e = w.accessHolds(o)
	case ObCallArg:
		e = w.callArgHolds(o)
	}
	o.Holds = e == nil
	return e
}

// writableHolds is check_reg_arg's DST_OP condition.
func (w *walker) writableHolds(o *kob) *kerr {
	switch {
	case o.Reg >= ir.NumRegisters:
		return w.errf("invalid-register", o.Reg)
	case o.Reg == int(ir.R10):
		return w.errf("frame-pointer-write")
	}
	return nil
}

func (w *walker) typeMismatch(o *kob, t RegType) *kerr {
	if o.code == "helper-arg-type" {
		return w.errf(o.code, o.Reg, t, o.want)
	}
	return w.errf(o.code)
}

// accessHolds is check_mem_access's conditions: alignment, then the
// region's bounds, then (on the stack) the spill rules.
func (w *walker) accessHolds(o *kob) *kerr {
	off, size := int32(o.Off), o.Size
	if off%int32(size) != 0 {
		return w.errf("misaligned-access", off, size)
	}
	switch o.Region {
	case RegionMapValue:
		if off < 0 || int64(off)+int64(size) > o.Limit {
			return w.errf("map-value-bounds", o.Limit, off, size)
		}
		return nil
	case RegionCtx:
		if _, ok := w.rules.Ctx.Allows(int(off), size, o.Write); !ok { // the program type's is_valid_access
			return w.errf("invalid-ctx-access", off, size)
		}
		return nil
	case RegionStack:
		if off >= 0 || off < -StackSize {
			return w.errf("stack-bounds", off, size)
		}
		if o.Write {
			return w.stackWriteHolds(int(off), size, o.value)
		}
		return w.stackReadHolds(int(off), size)
	}
	return w.errf("invalid-mem-access", o.Reg, w.cur.Regs[o.Reg].Type)
}

// stackWriteHolds: a pointer is spilled whole (check_stack_write).
func (w *walker) stackWriteHolds(off, size, value int) *kerr {
	if value >= 0 && spillable(w.cur.Regs[value].Type) && size != slotSize {
		return w.errf("invalid-spill-size")
	}
	return nil
}

// stackReadHolds: a spilled pointer comes back whole, other bytes must all
// have been written (check_stack_read).
func (w *walker) stackReadHolds(off, size int) *kerr {
	kinds := w.cur.Stack[StackSize+off:]
	if kinds[0] == StackSpill {
		if size != slotSize {
			return w.errf("invalid-spill-size")
		}
		for i := 1; i < slotSize; i++ {
			if kinds[i] != StackSpill {
				return w.errf("corrupted-spill")
			}
		}
		return nil
	}
	for i := 0; i < size; i++ {
		if kinds[i] != StackMisc {
			return w.errf("invalid-stack-read", off, i, size)
		}
	}
	return nil
}

// callArgHolds is check_func_arg's type condition, or (helper set)
// check_stack_boundary's: size bytes of initialised, non-spilled stack at
// the register's offset.
func (w *walker) callArgHolds(o *kob) *kerr {
	reg := w.cur.Regs[o.Reg]
	if !o.helper {
		if reg.Type != o.want {
			return w.errf("helper-arg-type", o.Reg, reg.Type, o.want)
		}
		return nil
	}
	if o.code != "" { // a prototype the kernel's own helpers never have
		return w.errf(o.code, o.args...)
	}
	if reg.Type != PtrToStack {
		return w.errf("helper-arg-not-stack", o.Reg)
	}
	off, size := int32(o.Off), int32(o.Size)
	if off >= 0 || off < -StackSize || off+size > 0 || size <= 0 {
		return w.errf("helper-stack-range", o.Reg, off, size)
	}
	for i := int32(0); i < size; i++ {
		at := StackSize + int(off) + int(i)
		if at >= StackSize || w.cur.Stack[at] != StackMisc {
			return w.errf("helper-stack-uninit", off, i, size)
		}
	}
	return nil
}
