package soundness

import "github.com/bpfcheck/bpfcheck/ir"

// builder appends instructions and resolves forward and backward labels,
// for jumps (Off) and bpf-to-bpf calls (Imm).
type builder struct {
	insns  []ir.Instruction
	labels []int // label -> slot, -1 while unbound
	fixups []fixup
}

type fixup struct {
	at, label int
	call      bool // the pc-relative offset is in Imm
}

func (b *builder) emit(ins ...ir.Instruction) { b.insns = append(b.insns, ins...) }

func (b *builder) newLabel() int {
	b.labels = append(b.labels, -1)
	return len(b.labels) - 1
}

func (b *builder) bind(l int) { b.labels[l] = len(b.insns) }

// jump emits a jump instruction whose target is label l.
func (b *builder) jump(ins ir.Instruction, l int) {
	b.fixups = append(b.fixups, fixup{at: len(b.insns), label: l})
	b.emit(ins)
}

// callLocal emits a bpf-to-bpf call to label l.
func (b *builder) callLocal(l int) {
	b.fixups = append(b.fixups, fixup{at: len(b.insns), label: l, call: true})
	b.emit(ir.Instruction{Opcode: ir.OpCall, Src: ir.CallLocal})
}

// finish resolves every label; an unbound label points past the end.
func (b *builder) finish() []ir.Instruction {
	for _, f := range b.fixups {
		target := b.labels[f.label]
		if target < 0 {
			target = len(b.insns)
		}
		rel := target - f.at - 1
		if f.call {
			b.insns[f.at].Imm = int32(rel)
		} else {
			b.insns[f.at].Off = int16(rel)
		}
	}
	return b.insns
}

// Instruction constructors, named after what the log prints.

func mov(dst, src ir.Register) ir.Instruction {
	return ir.Instruction{Opcode: ir.ALUOpcode(ir.ClassALU64, ir.ALUMov, ir.SourceX), Dst: dst, Src: src}
}

func movImm(dst ir.Register, imm int32) ir.Instruction {
	return ir.Instruction{Opcode: ir.ALUOpcode(ir.ClassALU64, ir.ALUMov, ir.SourceK), Dst: dst, Imm: imm}
}

func aluImm(c ir.Class, op ir.ALUOp, dst ir.Register, imm int32) ir.Instruction {
	return ir.Instruction{Opcode: ir.ALUOpcode(c, op, ir.SourceK), Dst: dst, Imm: imm}
}

func aluReg(c ir.Class, op ir.ALUOp, dst, src ir.Register) ir.Instruction {
	return ir.Instruction{Opcode: ir.ALUOpcode(c, op, ir.SourceX), Dst: dst, Src: src}
}

func ldx(sz ir.Size, dst, src ir.Register, off int16) ir.Instruction {
	return ir.Instruction{Opcode: ir.MemOpcode(ir.ClassLDX, ir.ModeMEM, sz), Dst: dst, Src: src, Off: off}
}

func stx(sz ir.Size, dst, src ir.Register, off int16) ir.Instruction {
	return ir.Instruction{Opcode: ir.MemOpcode(ir.ClassSTX, ir.ModeMEM, sz), Dst: dst, Src: src, Off: off}
}

func st(sz ir.Size, dst ir.Register, off int16, imm int32) ir.Instruction {
	return ir.Instruction{Opcode: ir.MemOpcode(ir.ClassST, ir.ModeMEM, sz), Dst: dst, Off: off, Imm: imm}
}

func jmpImm(c ir.Class, op ir.JumpOp, dst ir.Register, imm int32) ir.Instruction {
	return ir.Instruction{Opcode: ir.JumpOpcode(c, op, ir.SourceK), Dst: dst, Imm: imm}
}

func jmpReg(c ir.Class, op ir.JumpOp, dst, src ir.Register) ir.Instruction {
	return ir.Instruction{Opcode: ir.JumpOpcode(c, op, ir.SourceX), Dst: dst, Src: src}
}

func ja() ir.Instruction { return ir.Instruction{Opcode: ir.OpJA} }

func call(id int32) ir.Instruction { return ir.Instruction{Opcode: ir.OpCall, Imm: id} }

func exit() ir.Instruction { return ir.Instruction{Opcode: ir.OpExit} }

func mapLoad(dst ir.Register, idx int) []ir.Instruction {
	p := ir.LoadImm64(dst, ir.PseudoMapFD, uint64(idx))
	return p[:]
}

var sizes = [4]ir.Size{ir.SizeB, ir.SizeH, ir.SizeW, ir.SizeDW}
