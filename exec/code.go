package exec

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/ir"
)

// slot is the interpreter's decoded instruction: the wire fields, plus the
// 64-bit constant of a LD_IMM64 (whose second slot becomes a no-op that
// control never reaches).
type slot struct {
	op    uint8
	dst   uint8
	src   uint8
	off   int16
	imm   int32
	imm64 uint64
}

// compile flattens a program into slots and refuses what no engine can run:
// unknown opcodes, registers past r10, map loads of missing maps.
func compile(insns []ir.Instruction, numMaps int) ([]slot, error) {
	code := make([]slot, len(insns))
	for i := 0; i < len(insns); i++ {
		ins := insns[i]
		s := slot{op: uint8(ins.Opcode), dst: uint8(ins.Dst), src: uint8(ins.Src), off: ins.Off, imm: ins.Imm}
		if !known(ins) {
			return nil, fmt.Errorf("insn %d: unknown opcode 0x%02x", i, uint8(ins.Opcode))
		}
		if ins.Dst >= ir.NumRegisters || (usesSrcReg(ins) && ins.Src >= ir.NumRegisters) {
			return nil, fmt.Errorf("insn %d: invalid register", i)
		}
		if ins.Opcode.IsLoadImm64() {
			s.imm64 = ir.Constant64(ins, insns[i+1])
			switch ins.Src {
			case ir.PseudoNone:
			case ir.PseudoMapFD:
				if ins.Imm < 0 || int(ins.Imm) >= numMaps {
					return nil, fmt.Errorf("insn %d: map %d does not exist", i, ins.Imm)
				}
				s.imm64 = engine.MapHandle(int(ins.Imm))
			default:
				return nil, fmt.Errorf("insn %d: ld_imm64 pseudo kind %d is not supported", i, ins.Src)
			}
			code[i] = s
			i++
			code[i] = slot{op: 0xff} // never executed
			continue
		}
		code[i] = s
	}
	return code, nil
}

// usesSrcReg reports whether the src field names a register.
func usesSrcReg(ins ir.Instruction) bool {
	c := ins.Opcode.Class()
	switch {
	case c.IsALU(), c.IsJump():
		return ins.Opcode.Source() == ir.SourceX && ins.Opcode.JumpOp() != ir.JumpCall
	case c == ir.ClassLDX, c == ir.ClassSTX:
		return true
	case c == ir.ClassLD:
		return ins.Opcode.Mode() == ir.ModeIND
	}
	return false
}

// known reports whether the engines implement an instruction.
func known(ins ir.Instruction) bool {
	op := ins.Opcode
	switch c := op.Class(); c {
	case ir.ClassALU, ir.ClassALU64:
		switch op.ALUOp() {
		case ir.ALUNeg:
			return op.Source() == ir.SourceK
		case ir.ALUEnd:
			if c == ir.ClassALU64 && op.Source() == ir.SourceX {
				return false
			}
			return ins.Imm == 16 || ins.Imm == 32 || ins.Imm == 64
		case ir.ALUDiv, ir.ALUMod:
			return ins.Off == 0 || ins.Off == 1
		case ir.ALUMov:
			return ins.Off == 0 || (op.Source() == ir.SourceX && (ins.Off == 8 || ins.Off == 16 || (ins.Off == 32 && c == ir.ClassALU64)))
		}
		return op.ALUOp() <= ir.ALUEnd
	case ir.ClassJMP, ir.ClassJMP32:
		switch op.JumpOp() {
		case ir.JumpJA:
			return op.Source() == ir.SourceK
		case ir.JumpCall:
			return c == ir.ClassJMP && (op.Source() == ir.SourceX || ins.Src <= ir.CallLocal)
		case ir.JumpExit:
			return c == ir.ClassJMP && op.Source() == ir.SourceK
		}
		return op.JumpOp() <= ir.JumpJSLE
	case ir.ClassLDX:
		return op.Mode() == ir.ModeMEM || (op.Mode() == ir.ModeMEMSX && op.Size() != ir.SizeDW)
	case ir.ClassST:
		return op.Mode() == ir.ModeMEM
	case ir.ClassSTX:
		if op.Mode() == ir.ModeMEM {
			return true
		}
		if op.Mode() != ir.ModeATOMIC || (op.Size() != ir.SizeW && op.Size() != ir.SizeDW) {
			return false
		}
		switch ins.Imm {
		case ir.AtomicAdd, ir.AtomicOr, ir.AtomicAnd, ir.AtomicXor, ir.AtomicXchg, ir.AtomicCmpXchg,
			ir.AtomicAdd | ir.AtomicFetch, ir.AtomicOr | ir.AtomicFetch, ir.AtomicAnd | ir.AtomicFetch, ir.AtomicXor | ir.AtomicFetch:
			return true
		}
		return false
	case ir.ClassLD:
		switch op.Mode() {
		case ir.ModeIMM:
			return op.Size() == ir.SizeDW
		case ir.ModeABS, ir.ModeIND:
			return true
		}
	}
	return false
}
