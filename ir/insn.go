package ir

import "fmt"

// Register is a 4-bit register field. R0..R10 are the machine's registers;
// 11..15 decode fine and are rejected by the verifier (`R%d is invalid`).
// In LD_IMM64 and CALL the src field carries a pseudo kind instead (see the
// Pseudo* and Call* constants).
type Register uint8

// Registers.
const (
	R0 Register = iota
	R1
	R2
	R3
	R4
	R5
	R6
	R7
	R8
	R9
	R10 // read-only frame pointer
)

// NumRegisters is the number of machine registers (R0..R10).
const NumRegisters = 11

func (r Register) String() string { return fmt.Sprintf("r%d", uint8(r)) }

// Instruction is one 8-byte slot of a program, exactly as struct bpf_insn
// holds it. A LD_IMM64 occupies two consecutive slots: the first carries the
// opcode and the low 32 bits of the constant, the second (opcode 0) the high
// 32 bits in Imm. Instruction indexes are slot indexes everywhere.
type Instruction struct {
	Opcode Opcode
	Dst    Register // low nibble of the register byte
	Src    Register // high nibble of the register byte
	Off    int16
	Imm    int32
}

// Size of one instruction slot in bytes.
const InstructionSize = 8

// Constant64 combines the immediates of a LD_IMM64 first slot and its
// second slot into the 64-bit constant.
func Constant64(first, second Instruction) uint64 {
	return uint64(uint32(first.Imm)) | uint64(uint32(second.Imm))<<32
}

// LoadImm64 returns the two slots of `dst = imm` as a 64-bit load with the
// given pseudo source kind.
func LoadImm64(dst Register, pseudo Register, imm uint64) [2]Instruction {
	return [2]Instruction{
		{Opcode: OpLoadImm64, Dst: dst, Src: pseudo, Imm: int32(uint32(imm))},
		{Imm: int32(uint32(imm >> 32))},
	}
}
