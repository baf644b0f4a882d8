package ir

import (
	"encoding/binary"
	"fmt"
)

// DecodeError reports bytes that do not form a program. Slot is the index of
// the offending instruction slot.
type DecodeError struct {
	Slot   int
	Reason string
}

func (e *DecodeError) Error() string { return fmt.Sprintf("insn %d: %s", e.Slot, e.Reason) }

// DecodeSlots decodes little-endian struct bpf_insn records, one Instruction
// per 8-byte slot, with no check of what the slots mean. It fails only when
// the length is not a multiple of 8. Unknown opcodes, reserved-field use and
// an unpaired LD_IMM64 decode as they are, so that a kernel profile can
// reject them with the kernel's own messages.
func DecodeSlots(b []byte) ([]Instruction, error) {
	if rem := len(b) % InstructionSize; rem != 0 {
		return nil, &DecodeError{Slot: len(b) / InstructionSize,
			Reason: fmt.Sprintf("trailing partial instruction: %d of %d bytes", rem, InstructionSize)}
	}
	insns := make([]Instruction, len(b)/InstructionSize)
	for i := range insns {
		p := b[i*InstructionSize:]
		insns[i] = Instruction{
			Opcode: Opcode(p[0]),
			Dst:    Register(p[1] & 0x0f),
			Src:    Register(p[1] >> 4),
			Off:    int16(binary.LittleEndian.Uint16(p[2:])),
			Imm:    int32(binary.LittleEndian.Uint32(p[4:])),
		}
	}
	return insns, nil
}

// Decode decodes a program like DecodeSlots and also requires every LD_IMM64
// to have its second slot: a program that ends in the middle of one is an
// error naming the slot. Any byte string decodes to either instructions or
// an error; Decode never panics.
func Decode(b []byte) ([]Instruction, error) {
	insns, err := DecodeSlots(b)
	if err != nil {
		return nil, err
	}
	if err := CheckPairs(insns); err != nil {
		return nil, err
	}
	return insns, nil
}

// CheckPairs reports a LD_IMM64 whose second slot is missing (the program
// ends after its first slot).
func CheckPairs(insns []Instruction) error {
	for i := 0; i < len(insns); i++ {
		if insns[i].Opcode.IsLoadImm64() {
			if i+1 >= len(insns) {
				return &DecodeError{Slot: i, Reason: "ld_imm64 is missing its second half"}
			}
			i++
		}
	}
	return nil
}

// Encode returns the wire bytes of insns. Encode(DecodeSlots(b)) == b for
// every b whose length is a multiple of 8.
func Encode(insns []Instruction) []byte {
	b := make([]byte, len(insns)*InstructionSize)
	for i, ins := range insns {
		p := b[i*InstructionSize:]
		p[0] = byte(ins.Opcode)
		p[1] = byte(ins.Dst&0x0f) | byte(ins.Src&0x0f)<<4
		binary.LittleEndian.PutUint16(p[2:], uint16(ins.Off))
		binary.LittleEndian.PutUint32(p[4:], uint32(ins.Imm))
	}
	return b
}
