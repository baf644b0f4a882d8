package ir

import (
	"fmt"
	"strings"
)

// Operator names the 2015 kernels print, indexed by op>>4. Entries past the
// kernel's arrays print as "(null)", as v4.3 does (v4.2 read past its arrays).
var kernelALUNames = [16]string{"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian", "(null)", "(null)"}
var kernelJumpNames = [16]string{"jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "(null)", "(null)", "(null)", "(null)", "(null)", "(null)"}
var kernelClassNames = [8]string{"ld", "ldx", "st", "stx", "alu", "jmp", "BUG", "alu64"}

// String returns the slot as the Linux v4.2/v4.3 verifier log prints it
// (print_bpf_insn), without the "N: " index and the newline, for any slot,
// including junk: `(7a) *(u64 *)(r10 -8) = 0`. A LD_IMM64 prints only its
// first slot's imm, so a verifier that wants the kernel's map address in the
// log passes a copy whose Imm holds it.
func (ins Instruction) String() string {
	code := uint8(ins.Opcode)
	op := ins.Opcode
	switch c := op.Class(); c {
	case ClassALU, ClassALU64:
		p := ""
		if c == ClassALU {
			p = "(u32) "
		}
		name := kernelALUNames[op.ALUOp()>>4]
		if op.Source() == SourceX {
			return fmt.Sprintf("(%02x) %sr%d %s %sr%d", code, p, ins.Dst, name, p, ins.Src)
		}
		return fmt.Sprintf("(%02x) %sr%d %s %s%d", code, p, ins.Dst, name, p, ins.Imm)
	case ClassSTX:
		switch op.Mode() {
		case ModeMEM:
			return fmt.Sprintf("(%02x) *(%s *)(r%d %+d) = r%d", code, op.Size(), ins.Dst, ins.Off, ins.Src)
		case ModeATOMIC:
			return fmt.Sprintf("(%02x) lock *(%s *)(r%d %+d) += r%d", code, op.Size(), ins.Dst, ins.Off, ins.Src)
		}
		return fmt.Sprintf("BUG_%02x", code)
	case ClassST:
		if op.Mode() == ModeMEM {
			return fmt.Sprintf("(%02x) *(%s *)(r%d %+d) = %d", code, op.Size(), ins.Dst, ins.Off, ins.Imm)
		}
		return fmt.Sprintf("BUG_st_%02x", code)
	case ClassLDX:
		if op.Mode() == ModeMEM {
			return fmt.Sprintf("(%02x) r%d = *(%s *)(r%d %+d)", code, ins.Dst, op.Size(), ins.Src, ins.Off)
		}
		return fmt.Sprintf("BUG_ldx_%02x", code)
	case ClassLD:
		switch op.Mode() {
		case ModeABS:
			return fmt.Sprintf("(%02x) r0 = *(%s *)skb[%d]", code, op.Size(), ins.Imm)
		case ModeIND:
			return fmt.Sprintf("(%02x) r0 = *(%s *)skb[r%d + %d]", code, op.Size(), ins.Src, ins.Imm)
		case ModeIMM:
			return fmt.Sprintf("(%02x) r%d = 0x%x", code, ins.Dst, uint32(ins.Imm))
		}
		return fmt.Sprintf("BUG_ld_%02x", code)
	case ClassJMP:
		switch {
		case op.JumpOp() == JumpCall:
			return fmt.Sprintf("(%02x) call %d", code, ins.Imm)
		case op == OpJA:
			return fmt.Sprintf("(%02x) goto pc%+d", code, ins.Off)
		case op == OpExit:
			return fmt.Sprintf("(%02x) exit", code)
		}
		name := kernelJumpNames[op.JumpOp()>>4]
		if op.Source() == SourceX {
			return fmt.Sprintf("(%02x) if r%d %s r%d goto pc%+d", code, ins.Dst, name, ins.Src, ins.Off)
		}
		return fmt.Sprintf("(%02x) if r%d %s 0x%x goto pc%+d", code, ins.Dst, name, uint32(ins.Imm), ins.Off)
	default:
		return fmt.Sprintf("(%02x) %s", code, kernelClassNames[c])
	}
}

// Extended-form operator names for instructions newer than 2015.
var aluOpText = map[ALUOp]string{
	ALUAdd: "+=", ALUSub: "-=", ALUMul: "*=", ALUDiv: "/=", ALUOr: "|=", ALUAnd: "&=",
	ALULsh: "<<=", ALURsh: ">>=", ALUMod: "%=", ALUXor: "^=", ALUMov: "=", ALUArsh: "s>>=",
}
var jumpOpText = map[JumpOp]string{
	JumpJEQ: "==", JumpJGT: ">", JumpJGE: ">=", JumpJSET: "&", JumpJNE: "!=", JumpJSGT: "s>",
	JumpJSGE: "s>=", JumpJLT: "<", JumpJLE: "<=", JumpJSLT: "s<", JumpJSLE: "s<=",
}
var atomicText = map[int32]string{AtomicAdd: "add", AtomicOr: "or", AtomicAnd: "and", AtomicXor: "xor"}

// Format returns the extended text of the instruction at slot i of insns and
// the number of slots it covers (2 for a LD_IMM64 printed as one line). The
// text is the kernel's form wherever the 2015 kernel prints an instruction
// faithfully, a modern form for newer instructions, and `.insn` with every
// field when no text form would give the same bytes back. Assemble(Format)
// always returns the original slots.
func Format(insns []Instruction, i int) (string, int) {
	ins := insns[i]
	if ins.Opcode.IsLoadImm64() && i+1 < len(insns) {
		if s, ok := formatLoadImm64(ins, insns[i+1]); ok {
			if got, err := Assemble(s); err == nil && len(got) == 2 && got[0] == ins && got[1] == insns[i+1] {
				return s, 2
			}
		}
		return rawText(ins), 1
	}
	if s, ok := formatExtended(ins); ok {
		if got, err := Assemble(s); err == nil && len(got) == 1 && got[0] == ins {
			return s, 1
		}
	}
	return rawText(ins), 1
}

// Disassemble returns the program in extended form, one line per
// instruction, each prefixed with its slot index: `6: (7a) *(u64 *)(r0 +4) = 0`.
func Disassemble(insns []Instruction) string {
	var b strings.Builder
	for i := 0; i < len(insns); {
		s, n := Format(insns, i)
		fmt.Fprintf(&b, "%d: %s\n", i, s)
		i += n
	}
	return b.String()
}

func rawText(ins Instruction) string {
	return fmt.Sprintf(".insn 0x%02x, %d, %d, %d, %d", uint8(ins.Opcode), ins.Dst, ins.Src, ins.Off, ins.Imm)
}

func formatLoadImm64(first, second Instruction) (string, bool) {
	if second.Opcode != 0 || second.Dst != 0 || second.Src != 0 || second.Off != 0 {
		return "", false
	}
	c := "(18) "
	d := first.Dst
	switch first.Src {
	case PseudoNone:
		return fmt.Sprintf("%sr%d = %#x", c, d, Constant64(first, second)), true
	case PseudoMapFD:
		return fmt.Sprintf("%sr%d = map[%d]", c, d, first.Imm), true
	case PseudoMapValue:
		return fmt.Sprintf("%sr%d = map_value[%d]+%d", c, d, first.Imm, second.Imm), true
	case PseudoBTFID:
		return fmt.Sprintf("%sr%d = btf_id[%d]", c, d, first.Imm), true
	case PseudoFunc:
		return fmt.Sprintf("%sr%d = func[%d]", c, d, first.Imm), true
	case PseudoMapIdx:
		return fmt.Sprintf("%sr%d = map_idx[%d]", c, d, first.Imm), true
	case PseudoMapIdxValue:
		return fmt.Sprintf("%sr%d = map_idx_value[%d]+%d", c, d, first.Imm, second.Imm), true
	}
	return "", false
}

// formatExtended prints one slot in the extended form; ok is false when the
// slot has no text form (the caller then prints `.insn`).
func formatExtended(ins Instruction) (string, bool) {
	op := ins.Opcode
	code := uint8(op)
	switch c := op.Class(); c {
	case ClassALU, ClassALU64:
		return formatALU(ins)
	case ClassLDX:
		switch op.Mode() {
		case ModeMEM:
			return ins.String(), true
		case ModeMEMSX:
			if op.Size() == SizeDW {
				return "", false
			}
			return fmt.Sprintf("(%02x) r%d = *(s%d *)(r%d %+d)", code, ins.Dst, op.Size().Bytes()*8, ins.Src, ins.Off), true
		}
	case ClassST:
		if op.Mode() == ModeMEM {
			return ins.String(), true
		}
	case ClassSTX:
		switch op.Mode() {
		case ModeMEM:
			return ins.String(), true
		case ModeATOMIC:
			return formatAtomic(ins)
		}
	case ClassLD:
		switch op.Mode() {
		case ModeABS, ModeIND:
			return ins.String(), true
		}
	case ClassJMP, ClassJMP32:
		return formatJump(ins)
	}
	return "", false
}

func formatALU(ins Instruction) (string, bool) {
	op := ins.Opcode
	code := uint8(op)
	p := ""
	if op.Class() == ClassALU {
		p = "(u32) "
	}
	x := op.Source() == SourceX
	switch a := op.ALUOp(); a {
	case ALUNeg:
		return ins.String(), true
	case ALUEnd:
		if op.Class() == ClassALU64 {
			return fmt.Sprintf("(%02x) r%d = bswap%d r%d", code, ins.Dst, ins.Imm, ins.Dst), true
		}
		order := "le"
		if x {
			order = "be"
		}
		return fmt.Sprintf("(%02x) r%d = %s%d r%d", code, ins.Dst, order, ins.Imm, ins.Dst), true
	case ALUDiv, ALUMod:
		if ins.Off == 1 {
			name := map[ALUOp]string{ALUDiv: "s/=", ALUMod: "s%="}[a]
			if x {
				return fmt.Sprintf("(%02x) %sr%d %s %sr%d", code, p, ins.Dst, name, p, ins.Src), true
			}
			return fmt.Sprintf("(%02x) %sr%d %s %s%d", code, p, ins.Dst, name, p, ins.Imm), true
		}
	case ALUMov:
		if x && (ins.Off == 8 || ins.Off == 16 || ins.Off == 32) {
			return fmt.Sprintf("(%02x) %sr%d = (s%d) %sr%d", code, p, ins.Dst, ins.Off, p, ins.Src), true
		}
	}
	if _, ok := aluOpText[op.ALUOp()]; !ok {
		return "", false
	}
	return ins.String(), true
}

func formatAtomic(ins Instruction) (string, bool) {
	op := ins.Opcode
	code := uint8(op)
	sz := op.Size()
	switch ins.Imm {
	case AtomicLoadAcq:
		return fmt.Sprintf("(%02x) r%d = load_acquire((%s *)(r%d %+d))", code, ins.Dst, sz, ins.Src, ins.Off), true
	case AtomicStoreRel:
		return fmt.Sprintf("(%02x) store_release((%s *)(r%d %+d), r%d)", code, sz, ins.Dst, ins.Off, ins.Src), true
	}
	if sz != SizeW && sz != SizeDW {
		return "", false
	}
	mem := fmt.Sprintf("(%s *)(r%d %+d)", sz, ins.Dst, ins.Off)
	switch ins.Imm {
	case AtomicAdd:
		return ins.String(), true
	case AtomicOr, AtomicAnd, AtomicXor:
		return fmt.Sprintf("(%02x) lock *%s %s r%d", code, mem, aluOpText[ALUOp(ins.Imm)], ins.Src), true
	case AtomicXchg:
		return fmt.Sprintf("(%02x) r%d = xchg(%s, r%d)", code, ins.Src, mem, ins.Src), true
	case AtomicCmpXchg:
		return fmt.Sprintf("(%02x) r0 = cmpxchg(%s, r0, r%d)", code, mem, ins.Src), true
	}
	if ins.Imm&AtomicFetch != 0 {
		if name, ok := atomicText[ins.Imm&^AtomicFetch]; ok {
			return fmt.Sprintf("(%02x) r%d = atomic_fetch_%s(%s, r%d)", code, ins.Src, name, mem, ins.Src), true
		}
	}
	return "", false
}

func formatJump(ins Instruction) (string, bool) {
	op := ins.Opcode
	code := uint8(op)
	jmp32 := op.Class() == ClassJMP32
	switch op.JumpOp() {
	case JumpJA:
		if op.Source() == SourceX {
			return "", false
		}
		if jmp32 {
			return fmt.Sprintf("(%02x) gotol pc%+d", code, ins.Imm), true
		}
		return ins.String(), true
	case JumpCall:
		if jmp32 {
			return "", false
		}
		if op.Source() == SourceX {
			return fmt.Sprintf("(%02x) callx r%d", code, ins.Dst), true
		}
		switch ins.Src {
		case CallHelper:
			return ins.String(), true
		case CallLocal:
			return fmt.Sprintf("(%02x) call pc%+d", code, ins.Imm), true
		case CallKfunc:
			return fmt.Sprintf("(%02x) call kfunc %d", code, ins.Imm), true
		}
		return "", false
	case JumpExit:
		if jmp32 || op.Source() == SourceX {
			return "", false
		}
		return ins.String(), true
	case JumpJCond:
		if op != OpMayGoto || ins.Src != 0 || ins.Dst != 0 || ins.Imm != 0 {
			return "", false
		}
		return fmt.Sprintf("(%02x) may_goto pc%+d", code, ins.Off), true
	}
	name, ok := jumpOpText[op.JumpOp()]
	if !ok {
		return "", false
	}
	reg := "r"
	if jmp32 {
		reg = "w"
	}
	if op.Source() == SourceX {
		return fmt.Sprintf("(%02x) if %s%d %s %s%d goto pc%+d", code, reg, ins.Dst, name, reg, ins.Src, ins.Off), true
	}
	return fmt.Sprintf("(%02x) if %s%d %s 0x%x goto pc%+d", code, reg, ins.Dst, name, uint32(ins.Imm), ins.Off), true
}
