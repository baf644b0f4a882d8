package exec

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/ir"
)

// slot is the interpreter's predecoded instruction (16 bytes): its
// handler, which fixes the operation, the operand form and, in checked
// mode, how the access is checked; the registers; off, the absolute
// target of a jump or local call, a memory offset, a width or the
// sign-extension size; imm, the immediate as the operation uses it
// (sign-extended, masked for shifts, the LD_IMM64 constant or map handle).
// aux is 1 for the jumps and calls the budget counts (backward jumps,
// local calls) and the access size of atomics and packet loads.
type slot struct {
	h, dst, src, aux uint8
	off              int32
	imm              uint64
}

// compile predecodes a program for the interpreter and refuses what no
// engine can run: unknown opcodes, registers past r10, map loads of
// missing maps. Past the program's slots come the targets of jumps that
// leave it (the first one for falling off its end), each reporting that
// jump, so the interpreter tests no bounds.
func compile(insns []ir.Instruction, numMaps int, checked bool) ([]slot, error) {
	code := make([]slot, len(insns)+1, len(insns)+2)
	code[len(insns)] = slot{h: hOut, imm: uint64(len(insns))}
	outside := map[int]int{}
	target := func(i, t int) int32 {
		if t >= 0 && t <= len(insns) {
			return int32(t)
		}
		at, ok := outside[t]
		if !ok {
			at = len(code)
			outside[t] = at
			code = append(code, slot{h: hOut, imm: uint64(int64(t))})
		}
		return int32(at)
	}
	fixed := engine.FixedFrame(insns)
	for i := 0; i < len(insns); i++ {
		// On one thread (and on x86-64's TSO) a load-acquire is a load and
		// a store-release a store.
		ins := insns[i].PlainAccess()
		if ins.Opcode == ir.OpMayGoto {
			return nil, fmt.Errorf("insn %d: may_goto is not supported by the engines (the kernel's hidden loop counter is not modelled)", i)
		}
		if !known(ins) {
			return nil, fmt.Errorf("insn %d: unknown opcode 0x%02x", i, uint8(ins.Opcode))
		}
		if ins.Dst >= ir.NumRegisters || (usesSrcReg(ins) && ins.Src >= ir.NumRegisters) {
			return nil, fmt.Errorf("insn %d: invalid register", i)
		}
		s := slot{dst: uint8(ins.Dst), src: uint8(ins.Src), off: int32(ins.Off), imm: uint64(int64(ins.Imm))}
		op := ins.Opcode
		switch c := op.Class(); c {
		case ir.ClassALU, ir.ClassALU64:
			s.h = aluHandler(ins)
			switch op.ALUOp() {
			case ir.ALUMov:
				if op.Source() == ir.SourceK && c == ir.ClassALU {
					s.imm = uint64(uint32(ins.Imm))
				}
			case ir.ALUEnd:
				s.off = ins.Imm
			}
		case ir.ClassJMP, ir.ClassJMP32:
			switch op.JumpOp() {
			case ir.JumpJA:
				t := i + 1 + int(ins.Off)
				if c == ir.ClassJMP32 {
					t = i + 1 + int(ins.Imm)
				}
				s.h, s.off, s.aux = hJa, target(i, t), back(i, t)
			case ir.JumpCall:
				switch {
				case op.Source() == ir.SourceX:
					s.h = hCallX
				case ins.Src == ir.CallLocal:
					t := i + 1 + int(ins.Imm)
					s.h, s.off, s.aux = hCallLocal, target(i, t), 1
				default:
					s.h = hCall
				}
			case ir.JumpExit:
				s.h = hExit
			default:
				t := i + 1 + int(ins.Off)
				s.h, s.off, s.aux = jumpHandler(op), target(i, t), back(i, t)
			}
		case ir.ClassLDX, ir.ClassST, ir.ClassSTX:
			n := op.Size().Bytes()
			if c == ir.ClassSTX && op.Mode() == ir.ModeATOMIC {
				s.h, s.aux = hAtomic, uint8(n)
				if checked {
					s.h = hAtomicC
				}
				break
			}
			base := ins.Dst
			if c == ir.ClassLDX {
				base = ins.Src
			}
			mode := 0 // unchecked
			if checked {
				mode = 1
				if fixed && base == ir.R10 && ins.Off >= -engine.FrameSize && int(ins.Off)+n <= 0 {
					mode = 2
				}
			}
			s.h = memHandler(c, op.Mode() == ir.ModeMEMSX, n, mode)
		case ir.ClassLD:
			switch op.Mode() {
			case ir.ModeIMM:
				s.h, s.imm = hLdImm64, ir.Constant64(ins, insns[i+1])
				switch ins.Src {
				case ir.PseudoNone:
				case ir.PseudoMapFD:
					if ins.Imm < 0 || int(ins.Imm) >= numMaps {
						return nil, fmt.Errorf("insn %d: map %d does not exist", i, ins.Imm)
					}
					s.imm = engine.MapHandle(int(ins.Imm))
				default:
					return nil, fmt.Errorf("insn %d: ld_imm64 pseudo kind %d is not supported", i, ins.Src)
				}
				code[i] = s
				i++
				code[i] = slot{h: hBad} // the second half: no instruction
				continue
			case ir.ModeABS:
				s.h, s.aux = hLdAbs, uint8(op.Size().Bytes())
			default:
				s.h, s.aux = hLdInd, uint8(op.Size().Bytes())
			}
		}
		code[i] = s
	}
	return code, nil
}

// back reports (as 1) whether a jump from i to t is counted against the
// budget: a jump that does not move forward. Every loop takes one, so
// the budget bounds any run, and the forward jumps cost nothing.
func back(i, t int) uint8 {
	if t <= i {
		return 1
	}
	return 0
}

// aluHandler picks an ALU instruction's handler.
func aluHandler(ins ir.Instruction) uint8 {
	op := ins.Opcode
	w64 := op.Class() == ir.ClassALU64
	x := op.Source() == ir.SourceX
	pick := func(k64, x64, k32, x32 uint8) uint8 {
		switch {
		case w64 && x:
			return x64
		case w64:
			return k64
		case x:
			return x32
		}
		return k32
	}
	signed := ins.Off == 1
	switch op.ALUOp() {
	case ir.ALUAdd:
		return pick(hAdd64K, hAdd64X, hAdd32K, hAdd32X)
	case ir.ALUSub:
		return pick(hSub64K, hSub64X, hSub32K, hSub32X)
	case ir.ALUMul:
		return pick(hMul64K, hMul64X, hMul32K, hMul32X)
	case ir.ALUDiv:
		if signed {
			return pick(hSDiv64K, hSDiv64X, hSDiv32K, hSDiv32X)
		}
		return pick(hDiv64K, hDiv64X, hDiv32K, hDiv32X)
	case ir.ALUMod:
		if signed {
			return pick(hSMod64K, hSMod64X, hSMod32K, hSMod32X)
		}
		return pick(hMod64K, hMod64X, hMod32K, hMod32X)
	case ir.ALUOr:
		return pick(hOr64K, hOr64X, hOr32K, hOr32X)
	case ir.ALUAnd:
		return pick(hAnd64K, hAnd64X, hAnd32K, hAnd32X)
	case ir.ALUXor:
		return pick(hXor64K, hXor64X, hXor32K, hXor32X)
	case ir.ALULsh:
		return pick(hLsh64K, hLsh64X, hLsh32K, hLsh32X)
	case ir.ALURsh:
		return pick(hRsh64K, hRsh64X, hRsh32K, hRsh32X)
	case ir.ALUArsh:
		return pick(hArsh64K, hArsh64X, hArsh32K, hArsh32X)
	case ir.ALUNeg:
		if w64 {
			return hNeg64
		}
		return hNeg32
	case ir.ALUMov:
		switch {
		case !x:
			return hMovK
		case ins.Off != 0 && w64:
			return hMovsx64
		case ins.Off != 0:
			return hMovsx32
		}
		return pick(0, hMov64X, 0, hMov32X)
	}
	// END: ALU64 swaps unconditionally, ALU to big endian swaps, to
	// little endian truncates (this machine is little-endian).
	if w64 || x {
		return hSwap
	}
	return hTrunc
}

// jumpHandler picks a conditional jump's handler.
func jumpHandler(op ir.Opcode) uint8 {
	i := 0
	switch op.JumpOp() {
	case ir.JumpJEQ:
		i = 0
	case ir.JumpJGT:
		i = 1
	case ir.JumpJGE:
		i = 2
	case ir.JumpJSET:
		i = 3
	case ir.JumpJNE:
		i = 4
	case ir.JumpJSGT:
		i = 5
	case ir.JumpJSGE:
		i = 6
	case ir.JumpJLT:
		i = 7
	case ir.JumpJLE:
		i = 8
	case ir.JumpJSLT:
		i = 9
	case ir.JumpJSLE:
		i = 10
	}
	h := hJEq64K + uint8(2*i)
	if op.Class() == ir.ClassJMP32 {
		h += hJEq32K - hJEq64K
	}
	if op.Source() == ir.SourceX {
		h++
	}
	return h
}

// memHandler picks a load's or store's handler; mode 0 is unchecked, 1
// checked, 2 checked inside r10's frame.
func memHandler(c ir.Class, sx bool, n, mode int) uint8 {
	size := map[int]int{1: 0, 2: 1, 4: 2, 8: 3}[n]
	var h uint8
	switch {
	case c == ir.ClassLDX && sx:
		h = []uint8{hLdsx1, hLdsx2, hLdsx4}[size]
	case c == ir.ClassLDX:
		h = []uint8{hLd1, hLd2, hLd4, hLd8}[size]
	case c == ir.ClassST:
		h = []uint8{hStK1, hStK2, hStK4, hStK8}[size]
	default:
		h = []uint8{hSt1, hSt2, hSt4, hSt8}[size]
	}
	return h + uint8(mode)*(hLd1C-hLd1)
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
