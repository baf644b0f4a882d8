package absint

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/ir"
)

// diamonds is a program of n map lookups, each NULL-checked, with a branch
// on a packet field between them: many paths, most of them pruned.
func diamonds(n int) string {
	var b strings.Builder
	b.WriteString("r6 = r1\n*(u64 *)(r10 -8) = 0\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "r0 = *(u32 *)(r6 +%d)\nif r0 > 0x%x goto pc+1\n*(u64 *)(r10 -16) = 0\n", 4*(i%12), i)
		b.WriteString("r2 = r10\nr2 += -8\nr1 = map[0]\ncall 1\nif r0 == 0x0 goto pc+1\n*(u64 *)(r0 +0) = 1\n")
	}
	b.WriteString("r0 = 0\nexit\n")
	return b.String()
}

func benchVerify(b *testing.B, src string) {
	p := program(b, src, hash88)
	res, _ := Verify(p, Options{Profile: "linux-4.2"})
	if res.Verdict != Accept {
		b.Fatalf("benchmark program rejected: %+v", res.Diag)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Verify(p, Options{Profile: "linux-4.2"})
	}
	b.ReportMetric(float64(res.Stats.Processed)*float64(b.N)/b.Elapsed().Seconds(), "insns/s")
	b.ReportMetric(float64(res.Stats.Processed), "processed")
	b.ReportMetric(float64(res.Stats.States), "states")
}

// BenchmarkVerifySmall verifies a 13-insn lookup-and-update program.
func BenchmarkVerifySmall(b *testing.B) { benchVerify(b, diamonds(1)) }

// BenchmarkVerifyLarge verifies a 3,000-insn program of 230 diamonds.
func BenchmarkVerifyLarge(b *testing.B) { benchVerify(b, diamonds(230)) }

// straight is a program of n blocks of a ctx load, a spill, a fill, an
// ALU operation and a helper call, without a branch: no pruning, every
// instruction's obligations once (the per-instruction cost alone).
func straight(n int) string {
	var b strings.Builder
	b.WriteString("r6 = r1\n")
	for i := 0; i < n; i++ {
		b.WriteString("r0 = *(u32 *)(r6 +0)\n*(u64 *)(r10 -8) = r0\nr2 = *(u64 *)(r10 -8)\nr2 += 1\ncall 5\n")
	}
	b.WriteString("r0 = 0\nexit\n")
	return b.String()
}

// BenchmarkVerifyStraight verifies a 2,003-insn program without branches.
func BenchmarkVerifyStraight(b *testing.B) { benchVerify(b, straight(400)) }

// BenchmarkVerifyLargeLog is the large program with the full log.
func BenchmarkVerifyLargeLog(b *testing.B) {
	p := program(b, diamonds(230), hash88)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Verify(p, Options{Profile: "linux-4.2", LogLevel: 1})
	}
}

func TestStateSize(t *testing.T) {
	// The kernel's verifier_state is 11*16 + 512 + 64*16 = 1712 bytes; ours
	// packs a register into 12 bytes.
	if s := unsafe.Sizeof(State{}); s != 11*12+512+64*12 {
		t.Errorf("State is %d bytes", s)
	}
}

// BenchmarkKernelCheck runs the 2015 kernels' check_cfg on a program of the
// largest size they take (4,095 insns), a conditional forward branch every
// four instructions.
func BenchmarkKernelCheck(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	insns := make([]ir.Instruction, limits2015.MaxInsns)
	n := len(insns)
	for i := 0; i < n-1; i++ {
		insns[i] = ir.Instruction{Opcode: 0x07, Imm: 1} // r0 += 1
		if i%4 == 3 && i+20 < n {
			insns[i] = ir.Instruction{Opcode: 0x15, Off: int16(1 + rng.Intn(16))} // if r0 == 0x0 goto pc+k
		}
	}
	insns[n-1] = ir.Instruction{Opcode: ir.OpExit}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := kernelCheck(insns); err != nil {
			b.Fatal(err)
		}
	}
}
