package cfg

import (
	"math/rand"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// bigProgram is an n-insn program with a conditional branch every few
// instructions (short forward jumps) and a loop back-edge every 1000.
func bigProgram(n int) []ir.Instruction {
	rng := rand.New(rand.NewSource(1))
	insns := make([]ir.Instruction, n)
	for i := 0; i < n-1; i++ {
		switch {
		case i%1000 == 999:
			insns[i] = ir.Instruction{Opcode: 0x25, Off: -50, Imm: 3} // if r0 > 0x3 goto pc-50
		case i%4 == 3 && i+20 < n:
			insns[i] = ir.Instruction{Opcode: 0x15, Off: int16(1 + rng.Intn(16))} // if r0 == 0x0 goto pc+k
		default:
			insns[i] = ir.Instruction{Opcode: 0x07, Imm: 1} // r0 += 1
		}
	}
	insns[n-1] = ir.Instruction{Opcode: ir.OpExit}
	return insns
}

// BenchmarkCFGMillion builds the CFG, dominators and WTO of a
// 1,000,000-instruction program.
func BenchmarkCFGMillion(b *testing.B) {
	insns := bigProgram(1_000_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g, err := Build(insns)
		if err != nil {
			b.Fatal(err)
		}
		g.Dominators(0)
		g.WTO(0)
	}
	b.ReportMetric(float64(len(insns))*float64(b.N)/b.Elapsed().Seconds(), "insns/s")
}
