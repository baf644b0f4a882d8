package scalar

import (
	"math/rand/v2"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

var sink Value
var sinkO Outcome

func benchValues(n int) []Value {
	r := rand.New(rand.NewPCG(21, 22))
	vs := make([]Value, n)
	for i := range vs {
		vs[i], _ = randValue(r)
	}
	return vs
}

func BenchmarkBinary(b *testing.B) {
	vs := benchValues(256)
	for _, tc := range []struct {
		name  string
		op    ir.ALUOp
		alu64 bool
	}{
		{"add64", ir.ALUAdd, true}, {"add32", ir.ALUAdd, false},
		{"and64", ir.ALUAnd, true}, {"mul64", ir.ALUMul, true},
		{"lsh64", ir.ALULsh, true}, {"mod64", ir.ALUMod, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			done := cpuTimer(b)
			i := 0
			for b.Loop() {
				src := vs[(i+1)&255]
				if tc.op == ir.ALULsh {
					src = Const(uint64(i & 63))
				}
				sink = Binary(tc.op, tc.alu64, 0, vs[i&255], src)
				i++
			}
			done()
		})
	}
}

func BenchmarkBranch(b *testing.B) {
	vs := benchValues(256)
	for _, tc := range []struct {
		name  string
		op    ir.JumpOp
		jmp32 bool
	}{
		{"jlt", ir.JumpJLT, false}, {"jeq", ir.JumpJEQ, false},
		{"jsgt32", ir.JumpJSGT, true}, {"jset", ir.JumpJSET, false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			done := cpuTimer(b)
			i := 0
			for b.Loop() {
				t, f := Branch(tc.op, tc.jmp32, vs[i&255], Const(uint64(i)))
				sinkO = t
				sinkO = f
				i++
			}
			done()
		})
	}
}
