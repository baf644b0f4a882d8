package absint

import "github.com/bpfcheck/bpfcheck/ir"

// The kernel profiles' safety conditions as data. Each instruction's
// transfer function first lists what must hold (obligations, built from the
// instruction and the state before it, without changing anything), in the
// order the 2015 kernel checks them; the walker discharges each concretely
// against the current state, the first that fails being the rejection with
// the kernel's message; only then does the transfer function apply the
// instruction's effect.

// kcode is the stable code a kernel obligation fails with, where it is not
// its kind's usual one (a small number, so that an obligation holds no
// pointers: building one on the hot path is a few register stores).
type kcode uint8

const (
	kNoCode kcode = iota
	kInvalidRegister
	kFramePointerWrite
	kAluReservedFields
	kCallReservedFields
	kCtxPointerMix
	kDivByZero
	kEndReservedFields
	kExitReservedFields
	kGplOnlyFunc
	kInvalidAluOpcode
	kInvalidFunc
	kInvalidJmpOpcode
	kInvalidLdImm
	kInvalidLdMode
	kJaReservedFields
	kJmpReservedFields
	kLdAbsNotAllowed
	kLdAbsR6NotCtx
	kLdAbsReservedFields
	kLdimm64ReservedFields
	kMapFuncMismatch
	kMovReservedFields
	kNegReservedFields
	kStReservedFields
	kUnknownFunc
	kUnknownInsnClass
	kXaddReservedFields
)

var kcodeNames = [...]string{"", "invalid-register", "frame-pointer-write", "alu-reserved-fields", "call-reserved-fields", "ctx-pointer-mix", "div-by-zero", "end-reserved-fields", "exit-reserved-fields", "gpl-only-func", "invalid-alu-opcode", "invalid-func", "invalid-jmp-opcode", "invalid-ld-imm", "invalid-ld-mode", "ja-reserved-fields", "jmp-reserved-fields", "ld-abs-not-allowed", "ld-abs-r6-not-ctx", "ld-abs-reserved-fields", "ld-imm64-reserved-fields", "map-func-mismatch", "mov-reserved-fields", "neg-reserved-fields", "st-reserved-fields", "unknown-func", "unknown-insn-class", "xadd-reserved-fields"}

func (c kcode) String() string { return kcodeNames[c] }

// kob is a kernel-profile obligation, compact because every instruction
// lists a few on the hot path; Obligation() gives its profile-independent
// form (kind, register, region, offsets, size, limit, write, want, holds).
type kob struct {
	insn  int32
	off   int32 // the first byte accessed (the stack's: relative to the frame pointer)
	size  int32
	limit int64 // the region's size (value size, ctx size; -512 for the stack)
	// code is the rejection when the obligation fails, for obligations
	// whose message is not their kind's usual one.
	code   kcode
	kind   ObligationKind
	reg    int8 // -1 for none
	region Region
	want   RegType // the register type an ObType or ObCallArg obligation requires
	value  int8    // the register a store writes into memory or a load fills, -1 for none
	flags  kflags
}

type kflags uint8

const (
	kWrite kflags = 1 << iota
	kHolds
	// kDecided: decided by the instruction's encoding, the profile and the
	// walk's own records alone (well-formed encodings, the ctx-pointer-mix
	// rule, map/helper pairs): kHolds is set when it is listed.
	kDecided
	// kHelper: an ObCallArg about the stack memory a helper reads
	// (check_stack_boundary's messages, not check_mem_access's).
	kHelper
	// kWritable: the obligation is check_reg_arg's DST_OP condition.
	kWritable
	// kPrebuilt: the obligation was found to fail where it was listed, and
	// the walker's prebuilt holds its rejection (rare paths only).
	kPrebuilt
)

func (o *kob) holds() bool { return o.flags&kHolds != 0 }

// Obligation is the obligation in the profile-independent form.
func (o *kob) Obligation() Obligation {
	ob := Obligation{Insn: int(o.insn), Kind: o.kind, Reg: int(o.reg), Region: o.region,
		Off: int64(o.off), MaxOff: int64(o.off), Size: int(o.size), Limit: o.limit,
		Write: o.flags&kWrite != 0, Holds: o.holds()}
	switch {
	case o.code == kCtxPointerMix:
		ob.Want = "the pointer kind of the insn's first walk"
	case o.code == kMapFuncMismatch:
		ob.Want = "a map the helper takes"
	case o.kind == ObType || (o.kind == ObCallArg && o.flags&kHelper == 0):
		ob.Want = o.want.String()
	case o.flags&kWritable != 0:
		ob.Want = "writable register"
	}
	return ob
}

// wellFormed is an encoding condition: ok says whether it holds. The
// message's arguments, if any, come from the instruction (failArgs).
func wellFormed(idx int, ok bool, code kcode) kob {
	f := kDecided
	if ok {
		f |= kHolds
	}
	return kob{insn: int32(idx), kind: ObWellFormed, reg: -1, code: code, flags: f}
}

// failArgs are the message arguments a decided obligation's code takes
// from the instruction.
func (w *walker) failArgs(o *kob) []any {
	ins := w.insns[o.insn]
	switch o.code {
	case kInvalidAluOpcode:
		return []any{uint8(ins.Opcode.ALUOp())}
	case kInvalidJmpOpcode:
		return []any{uint8(ins.Opcode.JumpOp())}
	case kUnknownInsnClass:
		return []any{uint8(ins.Opcode.Class())}
	case kInvalidFunc, kUnknownFunc:
		return []any{ins.Imm}
	case kInvalidRegister:
		return []any{o.reg}
	}
	return nil
}

// readable: register r may be read (check_reg_arg, SRC_OP). It is listed
// with kHolds when the register file (the state its discharge reads:
// nothing is written before an instruction's obligations are discharged)
// shows that it holds, so that need costs a flag test for it too.
func (w *walker) readable(idx int, r ir.Register) kob {
	o := kob{insn: int32(idx), kind: ObReadable, reg: int8(r), value: -1}
	if r < ir.NumRegisters && w.cur.Regs[r].Type != NotInit {
		o.flags = kHolds
	}
	return o
}

// writable: register r may be written (check_reg_arg, DST_OP): a real
// register other than the frame pointer; decided by the encoding.
func writable(idx int, r ir.Register) kob {
	o := kob{insn: int32(idx), kind: ObWellFormed, reg: int8(r), value: -1, flags: kDecided | kHolds | kWritable}
	switch {
	case r >= ir.NumRegisters:
		o.code, o.flags = kInvalidRegister, o.flags&^kHolds
	case r == ir.R10:
		o.code, o.flags = kFramePointerWrite, o.flags&^kHolds
	}
	return o
}

// argType: helper argument register r holds a want (check_func_arg's
// type check), listed with kHolds when the register file shows it, as
// readable is.
func (w *walker) argType(idx int, r ir.Register, want RegType) kob {
	o := kob{insn: int32(idx), kind: ObCallArg, reg: int8(r), want: want, value: -1}
	if w.cur.Regs[r].Type == want {
		o.flags = kHolds
	}
	return o
}

// hasType: register r holds a want.
func hasType(idx int, r ir.Register, want RegType, code kcode) kob {
	return kob{insn: int32(idx), kind: ObType, reg: int8(r), want: want, code: code, value: -1}
}

// access is the obligation of a load or store of size bytes at base
// register r plus off. The profile's Deref table says which region a
// register type reaches (a stack pointer's own offset adds to off); a
// region of none means the register may not be dereferenced.
func (w *walker) access(idx int, r ir.Register, off int32, size int, write bool, value int) kob {
	reg := &w.cur.Regs[r]
	o := kob{insn: int32(idx), kind: ObAccess, reg: int8(r), size: int32(size), value: int8(value)}
	if write {
		o.flags = kWrite
	}
	if int(reg.Type) < len(w.prof.Deref) {
		o.region = w.prof.Deref[reg.Type]
	}
	switch o.region {
	case RegionStack:
		off += reg.Imm()
		o.limit = -StackSize
	case RegionMapValue:
		if i := reg.mapIndex(); i >= 0 && i < len(w.prog.Maps) { // mapOf without copying the spec
			o.limit = int64(w.prog.Maps[i].ValueSize)
		}
	case RegionCtx:
		o.limit = int64(w.rules.Ctx.Size)
	}
	o.off = off
	return o
}

// need discharges an obligation against the current state, concretely and
// in check_*'s order of conditions; nil when it holds. An obligation
// known to hold when it was listed (the encoding's, a readable register)
// costs a flag test here: need inlines, and so does the test.
func (w *walker) need(o kob) *kerr {
	if o.flags&w.skip != 0 {
		return nil
	}
	return w.needSlow(&o)
}

// needSlow discharges o in full (the first condition that fails is the
// rejection) and shows it to the test hook.
func (w *walker) needSlow(o *kob) *kerr {
	var e *kerr
	switch {
	case o.flags&kDecided != 0:
		switch {
		case o.holds():
		case o.flags&kPrebuilt != 0:
			e = w.prebuilt
		default:
			e = w.errf(o.code.String(), w.failArgs(o)...)
		}
	case o.kind == ObReadable:
		if o.reg >= ir.NumRegisters {
			e = w.errf("invalid-register", o.reg)
		} else if w.cur.Regs[o.reg].Type == NotInit {
			e = w.errf("uninit-register", o.reg)
		}
	case o.kind == ObType:
		if t := w.cur.Regs[o.reg].Type; t != o.want {
			e = w.errf(o.code.String())
		}
	case o.kind == ObAccess:
		e = w.accessHolds(o)
	case o.kind == ObCallArg:
		e = w.callArgHolds(o)
	}
	if e == nil {
		o.flags |= kHolds
	} else {
		w.failed, w.hasFailed = *o, true
	}
	if w.onNeed != nil {
		w.onNeed(*o) // a copy: a pointer passed to a func value would make every list of obligations escape
	}
	return e
}

// accessHolds is check_mem_access's conditions: alignment, then the
// region's bounds, then (on the stack) the spill rules.
func (w *walker) accessHolds(o *kob) *kerr {
	off, size := o.off, o.size
	if off%size != 0 {
		return w.errf("misaligned-access", off, size)
	}
	switch o.region {
	case RegionMapValue:
		if off < 0 || int64(off)+int64(size) > o.limit {
			return w.errf("map-value-bounds", o.limit, off, size)
		}
		return nil
	case RegionCtx:
		if _, ok := w.rules.Ctx.Allows(int(off), int(size), o.flags&kWrite != 0); !ok { // the program type's is_valid_access
			return w.errf("invalid-ctx-access", off, size)
		}
		return nil
	case RegionStack:
		if off >= 0 || off < -StackSize {
			return w.errf("stack-bounds", off, size)
		}
		if o.flags&kWrite != 0 {
			return w.stackWriteHolds(int(size), int(o.value))
		}
		return w.stackReadHolds(int(off), int(size))
	}
	return w.errf("invalid-mem-access", o.reg, w.cur.Regs[o.reg].Type)
}

// stackWriteHolds: a pointer is spilled whole (check_stack_write).
func (w *walker) stackWriteHolds(size, value int) *kerr {
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

// callArgHolds is check_func_arg's type condition, or (kHelper)
// check_stack_boundary's: size bytes of initialised, non-spilled stack at
// the register's offset.
func (w *walker) callArgHolds(o *kob) *kerr {
	reg := w.cur.Regs[o.reg]
	if o.flags&kHelper == 0 {
		if reg.Type != o.want {
			return w.errf("helper-arg-type", o.reg, reg.Type, o.want)
		}
		return nil
	}
	if o.flags&kPrebuilt != 0 { // a prototype the kernel's own helpers never have
		return w.prebuilt
	}
	if reg.Type != PtrToStack {
		return w.errf("helper-arg-not-stack", o.reg)
	}
	off, size := o.off, o.size
	if off >= 0 || off < -StackSize || off+size > 0 || size <= 0 {
		return w.errf("helper-stack-range", o.reg, off, size)
	}
	for i := int32(0); i < size; i++ {
		at := StackSize + int(off) + int(i)
		if at >= StackSize || w.cur.Stack[at] != StackMisc {
			return w.errf("helper-stack-uninit", off, i, size)
		}
	}
	return nil
}
