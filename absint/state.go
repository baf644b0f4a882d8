package absint

// RegType is what a register holds, with the 2015 kernel's enum values (they
// matter: the kernel stores them in instructions and compares states byte
// for byte).
type RegType uint8

// Register types of the 2015 kernels.
const (
	NotInit             RegType = 0 // nothing written; unreadable
	UnknownValue        RegType = 1 // "inv": a scalar, or a pointer that lost its type
	PtrToCtx            RegType = 2 // "ctx"
	ConstPtrToMap       RegType = 3 // "map_ptr": from a map load
	PtrToMapValue       RegType = 4 // "map_value": a non-NULL map value
	PtrToMapValueOrNull RegType = 5 // "map_value_or_null": a lookup result before its NULL check
	FramePtr            RegType = 6 // "fp": exactly R10
	PtrToStack          RegType = 7 // "fp<off>": R10 plus a constant
	ConstImm            RegType = 8 // "imm<n>": a known 32-bit constant

	numRegTypes = 9
)

var regTypeNames = [...]string{"?", "inv", "ctx", "map_ptr", "map_value", "map_value_or_null", "fp", "fp", "imm"}

// String returns the kernel's name for the type (reg_type_str).
func (t RegType) String() string {
	if int(t) < len(regTypeNames) {
		return regTypeNames[t]
	}
	return "?"
}

// isMapType reports whether the register's union holds a map pointer.
func (t RegType) isMapType() bool {
	return t == ConstPtrToMap || t == PtrToMapValue || t == PtrToMapValueOrNull
}

// Reg is a register's state as the kernel keeps it: a type and an 8-byte
// union whose low half is the 32-bit imm (constants, stack offsets) and
// whose whole is the map pointer for map types. Hi is the union's upper half,
// kept even where the kernel only writes the imm: states are compared byte
// for byte, so a leftover upper half decides which paths are pruned.
type Reg struct {
	Type RegType
	Lo   uint32 // imm, or the low half of the map address
	Hi   uint32 // upper half of the union
}

// Imm returns the register's 32-bit immediate.
func (r Reg) Imm() int32 { return int32(r.Lo) }

// setImm writes type and imm only, as the kernel does in most places.
func (r *Reg) setImm(t RegType, imm int32) { r.Type, r.Lo = t, uint32(imm) }

// unknown is mark_reg_unknown_value: type inv with the whole union cleared.
func unknown() Reg { return Reg{Type: UnknownValue} }

// mapAddress is the address the kernel profiles give map i, modelled on
// kernel heap addresses: a shared upper half and a distinct lower half. The
// log prints its low 32 bits for a map load.
func mapAddress(i int) uint64 { return 0x00007a7a5a5a0000 + 32*uint64(i) }

// mapReg returns a register of a map type pointing at map i.
func mapReg(t RegType, i int) Reg {
	a := mapAddress(i)
	return Reg{Type: t, Lo: uint32(a), Hi: uint32(a >> 32)}
}

// mapIndex recovers the map a map-typed register points at.
func (r Reg) mapIndex() int {
	a := uint64(r.Hi)<<32 | uint64(r.Lo)
	return int((a - mapAddress(0)) / 32)
}

// Stack geometry of the 2015 kernels.
const (
	StackSize = 512
	slotSize  = 8
	numSlots  = StackSize / slotSize
)

// StackKind is what a stack byte holds.
type StackKind uint8

// Stack byte kinds.
const (
	StackInvalid StackKind = 0 // never written
	StackSpill   StackKind = 1 // part of a spilled pointer
	StackMisc    StackKind = 2 // written data
)

// State is the verifier state of one path: registers, a kind per stack byte
// (index 512+off for fp+off) and the register spilled into each 8-byte slot.
type State struct {
	Regs    [11]Reg
	Stack   [StackSize]StackKind
	Spilled [numSlots]Reg
}

// initialState is the state at insn 0: R1 = ctx, R10 = fp, the rest unreadable.
func initialState() *State {
	s := &State{}
	s.Regs[1].Type = PtrToCtx
	s.Regs[10].Type = FramePtr
	return s
}

// equalKernel is the kernel's states_equal: old is an explored state, cur
// the current one. Registers are compared as memory, with old NOT_INIT
// matching anything and old inv matching anything readable; stack bytes the
// old state never wrote are ignored, and spilled registers must be equal.
func equalKernel(old, cur *State) bool {
	for i := range old.Regs {
		o, c := old.Regs[i], cur.Regs[i]
		if o != c {
			if o.Type == NotInit || (o.Type == UnknownValue && c.Type != NotInit) {
				continue
			}
			return false
		}
	}
	if old.Stack == cur.Stack && old.Spilled == cur.Spilled {
		return true // the common case, compared as memory
	}
	for i := 0; i < StackSize; i++ {
		if old.Stack[i] == StackInvalid {
			continue
		}
		if old.Stack[i] != cur.Stack[i] {
			return false
		}
		if i%slotSize == 0 && old.Spilled[i/slotSize] != cur.Spilled[i/slotSize] {
			return false
		}
	}
	return true
}
