//go:build cgo

package proof

import (
	"math/rand"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/smt"
)

// randomALU returns a straight-line program: r0-r9 get random 64-bit
// constants, then n random ALU/ALU64 instructions (every opcode, signed
// division and modulo, movsx, byte swaps, register shift amounts), then a
// conditional jump whose outcome becomes r0's low bit.
func randomALU(rng *rand.Rand, n int) (insns []ir.Instruction, jump int) {
	interesting := []uint64{0, 1, 2, 7, 31, 32, 63, 64, 0x7fffffff, 0x80000000, 0xffffffff, 1 << 63, ^uint64(0), ^uint64(0) - 1}
	konst := func() uint64 {
		if rng.Intn(2) == 0 {
			return interesting[rng.Intn(len(interesting))]
		}
		return rng.Uint64() >> uint(rng.Intn(64))
	}
	for r := 0; r <= 9; r++ {
		v := konst()
		insns = append(insns, ir.Instruction{Opcode: ir.OpLoadImm64, Dst: ir.Register(r), Imm: int32(uint32(v))},
			ir.Instruction{Imm: int32(uint32(v >> 32))})
	}
	ops := []ir.ALUOp{ir.ALUAdd, ir.ALUSub, ir.ALUMul, ir.ALUDiv, ir.ALUOr, ir.ALUAnd, ir.ALULsh, ir.ALURsh,
		ir.ALUNeg, ir.ALUMod, ir.ALUXor, ir.ALUMov, ir.ALUArsh, ir.ALUEnd}
	for i := 0; i < n; i++ {
		op := ops[rng.Intn(len(ops))]
		class := ir.ClassALU64
		if rng.Intn(2) == 0 {
			class = ir.ClassALU
		}
		src := ir.SourceX
		if rng.Intn(2) == 0 {
			src = ir.SourceK
		}
		ins := ir.Instruction{Opcode: ir.Opcode(uint8(class) | uint8(src) | uint8(op)), Dst: ir.Register(rng.Intn(10)), Src: ir.Register(rng.Intn(10))}
		if src == ir.SourceK {
			ins.Src, ins.Imm = 0, int32(konst())
		}
		switch op {
		case ir.ALUDiv, ir.ALUMod:
			ins.Off = int16(rng.Intn(2))
		case ir.ALUMov:
			if src == ir.SourceX {
				ins.Off = []int16{0, 8, 16, 32}[rng.Intn(4)]
				if class == ir.ClassALU && ins.Off == 32 {
					ins.Off = 0
				}
			}
		case ir.ALUEnd:
			ins.Imm = []int32{16, 32, 64}[rng.Intn(3)]
			ins.Src = 0
			if class == ir.ClassALU64 { // bswap has only the K form
				ins.Opcode = ir.Opcode(uint8(class) | uint8(op))
			}
		case ir.ALUNeg:
			ins.Opcode, ins.Src, ins.Imm = ir.Opcode(uint8(class)|uint8(op)), 0, 0
		}
		insns = append(insns, ins)
	}
	jops := []ir.JumpOp{ir.JumpJEQ, ir.JumpJNE, ir.JumpJGT, ir.JumpJGE, ir.JumpJLT, ir.JumpJLE,
		ir.JumpJSGT, ir.JumpJSGE, ir.JumpJSLT, ir.JumpJSLE, ir.JumpJSET}
	jclass := ir.ClassJMP
	if rng.Intn(2) == 0 {
		jclass = ir.ClassJMP32
	}
	jump = len(insns)
	insns = append(insns,
		ir.Instruction{Opcode: ir.Opcode(uint8(jclass) | uint8(ir.SourceX) | uint8(jops[rng.Intn(len(jops))])), Dst: ir.Register(rng.Intn(10)), Src: ir.Register(rng.Intn(10)), Off: 2},
		ir.Instruction{Opcode: ir.Opcode(uint8(ir.ClassALU64) | uint8(ir.ALUAnd)), Dst: 0, Imm: -2}, // r0 &= -2
		ir.Instruction{Opcode: ir.Opcode(uint8(ir.ClassJMP) | uint8(ir.JumpExit))},                  // exit
		ir.Instruction{Opcode: ir.Opcode(uint8(ir.ClassALU64) | uint8(ir.ALUOr)), Dst: 0, Imm: 1},   // r0 |= 1
		ir.Instruction{Opcode: ir.Opcode(uint8(ir.ClassJMP) | uint8(ir.JumpExit))})                  // exit
	return insns, jump
}

// TestALUAgreesWithInterpreter runs random ALU programs on exec and
// encodes them: the formula's r0 must be the interpreter's r0, and the
// final jump's condition its outcome.
func TestALUAgreesWithInterpreter(t *testing.T) {
	s := newSolver(t)
	rng := rand.New(rand.NewSource(13))
	trials := 120
	if raceEnabled {
		trials = 30
	}
	for trial := 0; trial < trials; trial++ {
		insns, jump := randomALU(rng, 12)
		p := &ir.Program{Name: "alu", Type: ir.ProgTypeSocketFilter, Insns: insns}
		prog, err := exec.LoadChecked(p, nil, exec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := prog.Run(&exec.SkBuff{})
		if err != nil {
			t.Fatal(err)
		}
		s.c.Push()
		e := &encoder{c: s.c, prog: p}
		st, err := e.initial()
		if err != nil {
			t.Fatal(err)
		}
		for idx := 0; idx < jump; {
			next, _, _, _, _, err := e.step(st, idx)
			if err != nil {
				t.Fatal(err)
			}
			idx = next
		}
		_, _, cond, _, _, _ := e.step(st, jump)
		r0 := st.regs[0].v.And(e.k64(^uint64(1))).Or(cond.Ite(e.k64(1), e.k64(0)))
		if r, err := s.c.Check(); r != smt.Sat || err != nil {
			t.Fatalf("trial %d: %v %v", trial, r, err)
		}
		got, err := s.c.Value(r0)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			for i, ins := range insns {
				t.Logf("%d: %s", i, ins)
			}
			t.Fatalf("trial %d: formula r0 = %#x, interpreter r0 = %#x", trial, got, want)
		}
		s.c.Pop()
	}
}
