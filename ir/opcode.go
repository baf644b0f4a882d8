package ir

import "fmt"

// Opcode is the wire opcode byte of an instruction (the `code` field of
// struct bpf_insn). Its getters split it into class, source, operation, size
// and mode as RFC 9669 defines them.
type Opcode uint8

// Class is the low three bits of an opcode.
type Class uint8

// Instruction classes.
const (
	ClassLD    Class = 0x00
	ClassLDX   Class = 0x01
	ClassST    Class = 0x02
	ClassSTX   Class = 0x03
	ClassALU   Class = 0x04
	ClassJMP   Class = 0x05
	ClassJMP32 Class = 0x06 // BPF_RET in classic BPF and in the 2015 kernels
	ClassALU64 Class = 0x07
)

// IsALU reports whether c is ALU or ALU64.
func (c Class) IsALU() bool { return c == ClassALU || c == ClassALU64 }

// IsJump reports whether c is JMP or JMP32.
func (c Class) IsJump() bool { return c == ClassJMP || c == ClassJMP32 }

// IsLoadStore reports whether c is LD, LDX, ST or STX.
func (c Class) IsLoadStore() bool { return c <= ClassSTX }

func (c Class) String() string {
	switch c {
	case ClassLD:
		return "ld"
	case ClassLDX:
		return "ldx"
	case ClassST:
		return "st"
	case ClassSTX:
		return "stx"
	case ClassALU:
		return "alu"
	case ClassJMP:
		return "jmp"
	case ClassJMP32:
		return "jmp32"
	case ClassALU64:
		return "alu64"
	}
	return fmt.Sprintf("class(%#x)", uint8(c))
}

// Source is the BPF_K / BPF_X bit of ALU and jump opcodes.
type Source uint8

// Operand sources.
const (
	SourceK Source = 0x00 // 32-bit immediate
	SourceX Source = 0x08 // source register
)

// ALUOp is the operation field (high four bits) of an ALU or ALU64 opcode.
type ALUOp uint8

// ALU operations.
const (
	ALUAdd  ALUOp = 0x00
	ALUSub  ALUOp = 0x10
	ALUMul  ALUOp = 0x20
	ALUDiv  ALUOp = 0x30 // SDIV when off == 1
	ALUOr   ALUOp = 0x40
	ALUAnd  ALUOp = 0x50
	ALULsh  ALUOp = 0x60
	ALURsh  ALUOp = 0x70
	ALUNeg  ALUOp = 0x80
	ALUMod  ALUOp = 0x90 // SMOD when off == 1
	ALUXor  ALUOp = 0xa0
	ALUMov  ALUOp = 0xb0 // MOVSX when off is 8, 16 or 32
	ALUArsh ALUOp = 0xc0
	ALUEnd  ALUOp = 0xd0 // byte swap; source bit selects to-BE, ALU64 is bswap
)

// JumpOp is the operation field (high four bits) of a JMP or JMP32 opcode.
type JumpOp uint8

// Jump operations.
const (
	JumpJA   JumpOp = 0x00
	JumpJEQ  JumpOp = 0x10
	JumpJGT  JumpOp = 0x20
	JumpJGE  JumpOp = 0x30
	JumpJSET JumpOp = 0x40
	JumpJNE  JumpOp = 0x50
	JumpJSGT JumpOp = 0x60
	JumpJSGE JumpOp = 0x70
	JumpCall JumpOp = 0x80
	JumpExit JumpOp = 0x90
	JumpJLT  JumpOp = 0xa0
	JumpJLE  JumpOp = 0xb0
	JumpJSLT JumpOp = 0xc0
	JumpJSLE JumpOp = 0xd0
	// JumpJCond is BPF_JCOND (Linux 6.9): with src_reg BPF_MAY_GOTO (0),
	// may_goto: the kernel jumps when a hidden loop counter runs out.
	JumpJCond JumpOp = 0xe0
)

// Size is the size field of a load or store opcode.
type Size uint8

// Access sizes.
const (
	SizeW  Size = 0x00 // 4 bytes
	SizeH  Size = 0x08 // 2 bytes
	SizeB  Size = 0x10 // 1 byte
	SizeDW Size = 0x18 // 8 bytes
)

// Bytes returns the access width in bytes.
func (s Size) Bytes() int {
	switch s {
	case SizeW:
		return 4
	case SizeH:
		return 2
	case SizeB:
		return 1
	}
	return 8
}

// String returns the C type name the kernel log uses: u8, u16, u32, u64.
func (s Size) String() string {
	switch s {
	case SizeW:
		return "u32"
	case SizeH:
		return "u16"
	case SizeB:
		return "u8"
	}
	return "u64"
}

// Mode is the mode field (high three bits) of a load or store opcode.
type Mode uint8

// Load and store modes.
const (
	ModeIMM    Mode = 0x00
	ModeABS    Mode = 0x20
	ModeIND    Mode = 0x40
	ModeMEM    Mode = 0x60
	ModeMEMSX  Mode = 0x80 // LDX sign-extending load; BPF_LEN in classic BPF
	ModeMSH    Mode = 0xa0 // classic BPF only
	ModeATOMIC Mode = 0xc0 // BPF_XADD in the 2015 kernels
)

// Atomic operation codes, carried in the imm field of STX|ATOMIC.
const (
	AtomicAdd     int32 = 0x00
	AtomicOr      int32 = 0x40
	AtomicAnd     int32 = 0x50
	AtomicXor     int32 = 0xa0
	AtomicFetch   int32 = 0x01
	AtomicXchg    int32 = 0xe0 | AtomicFetch
	AtomicCmpXchg int32 = 0xf0 | AtomicFetch
	// AtomicLoadAcq is BPF_LOAD_ACQ (Linux 6.15): dst = load_acquire(src + off),
	// any size, zero-extended.
	AtomicLoadAcq int32 = 0x100
	// AtomicStoreRel is BPF_STORE_REL (Linux 6.15): store_release(dst + off, src),
	// any size.
	AtomicStoreRel int32 = 0x110
)

// Pseudo source-register values of LD_IMM64 (what the 64-bit constant means).
const (
	PseudoNone        Register = 0 // plain 64-bit constant
	PseudoMapFD       Register = 1 // imm is a map file descriptor (here: a map index)
	PseudoMapValue    Register = 2 // map fd plus offset into its value (second imm)
	PseudoBTFID       Register = 3 // kernel BTF object id
	PseudoFunc        Register = 4 // address of a BPF function (imm is a pc offset)
	PseudoMapIdx      Register = 5 // index into the fd array
	PseudoMapIdxValue Register = 6 // fd-array index plus value offset
)

// Source-register values of CALL.
const (
	CallHelper Register = 0 // imm is a helper id
	CallLocal  Register = 1 // imm is a pc-relative offset to a BPF function
	CallKfunc  Register = 2 // imm is a kernel function BTF id
)

// Class returns the instruction class.
func (o Opcode) Class() Class { return Class(o & 0x07) }

// Source returns the K/X bit (meaningful for ALU and jump classes).
func (o Opcode) Source() Source { return Source(o & 0x08) }

// ALUOp returns the operation of an ALU or ALU64 opcode.
func (o Opcode) ALUOp() ALUOp { return ALUOp(o & 0xf0) }

// JumpOp returns the operation of a JMP or JMP32 opcode.
func (o Opcode) JumpOp() JumpOp { return JumpOp(o & 0xf0) }

// Size returns the size field of a load or store opcode.
func (o Opcode) Size() Size { return Size(o & 0x18) }

// Mode returns the mode field of a load or store opcode.
func (o Opcode) Mode() Mode { return Mode(o & 0xe0) }

// IsLoadImm64 reports whether o is LD|IMM|DW, the two-slot 64-bit load.
func (o Opcode) IsLoadImm64() bool { return o == OpLoadImm64 }

// Frequently used whole opcodes.
const (
	OpLoadImm64 Opcode = Opcode(ClassLD) | Opcode(ModeIMM) | Opcode(SizeDW) // 0x18
	OpCall      Opcode = Opcode(ClassJMP) | Opcode(JumpCall)                // 0x85
	OpCallX     Opcode = Opcode(ClassJMP) | Opcode(JumpCall) | Opcode(SourceX)
	OpExit      Opcode = Opcode(ClassJMP) | Opcode(JumpExit)  // 0x95
	OpJA        Opcode = Opcode(ClassJMP) | Opcode(JumpJA)    // 0x05
	OpJA32      Opcode = Opcode(ClassJMP32) | Opcode(JumpJA)  // 0x06, gotol
	OpMayGoto   Opcode = Opcode(ClassJMP) | Opcode(JumpJCond) // 0xe5 with src_reg 0
)

// ALUOpcode builds an ALU or ALU64 opcode.
func ALUOpcode(c Class, op ALUOp, s Source) Opcode { return Opcode(c) | Opcode(op) | Opcode(s) }

// JumpOpcode builds a JMP or JMP32 opcode.
func JumpOpcode(c Class, op JumpOp, s Source) Opcode { return Opcode(c) | Opcode(op) | Opcode(s) }

// MemOpcode builds a load or store opcode.
func MemOpcode(c Class, m Mode, s Size) Opcode { return Opcode(c) | Opcode(m) | Opcode(s) }

func (o Opcode) String() string { return fmt.Sprintf("%#02x", uint8(o)) }

// PlainAccess is the load or store a load-acquire or store-release is on
// one thread: LDX|MEM (dst = *(src + off)) or STX|MEM (*(dst + off) = src)
// of the same size. Any other instruction is returned as it is.
func (ins Instruction) PlainAccess() Instruction {
	if ins.Opcode.Class() != ClassSTX || ins.Opcode.Mode() != ModeATOMIC {
		return ins
	}
	switch ins.Imm {
	case AtomicLoadAcq:
		ins.Opcode, ins.Imm = MemOpcode(ClassLDX, ModeMEM, ins.Opcode.Size()), 0
	case AtomicStoreRel:
		ins.Opcode, ins.Imm = MemOpcode(ClassSTX, ModeMEM, ins.Opcode.Size()), 0
	}
	return ins
}
