package absint

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/ir"
)

// countLoop is a bounded loop of n iterations whose counter decides the
// exit: every iteration is walked (as the kernel does).
func countLoop(n int) string {
	return fmt.Sprintf("r1 = 0\nr2 = 0\nr2 += r1\nr1 += 1\nif r1 < %d goto pc-3\nr0 = r2\nexit\n", n)
}

// sumArray walks a 64-byte map value with a bounded loop.
func sumArray() string {
	return `r1 = 0
*(u32 *)(r10 -4) = r1
r2 = r10
r2 += -4
r1 = map[0]
call 1
if r0 == 0x0 goto pc+10
r6 = 0
r7 = 0
r1 = r0
r1 += r6
r2 = *(u8 *)(r1 +0)
r7 += r2
r6 += 1
if r6 < 64 goto pc-6
r0 = r7
exit
r0 = 0
exit
`
}

func benchModern(b *testing.B, src string, maps ...ir.MapSpec) {
	p := program(b, src, maps...)
	opts := Options{Profile: "linux-6.18"}
	res, _ := Verify(p, opts)
	if res.Verdict != Accept {
		b.Fatalf("benchmark program not accepted: %+v", res.Diag)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Verify(p, opts)
	}
	b.ReportMetric(float64(res.Stats.Processed)*float64(b.N)/b.Elapsed().Seconds(), "insns/s")
	b.ReportMetric(float64(res.Stats.Processed), "processed")
	b.ReportMetric(float64(res.Stats.States), "states")
}

// BenchmarkModernDiamonds verifies 230 NULL-checked lookups with branches
// between them (pruning at work).
func BenchmarkModernDiamonds(b *testing.B) { benchModern(b, diamonds(230), hash88) }

// BenchmarkModernLoop verifies a loop of 100,000 iterations (300,000
// instructions walked).
func BenchmarkModernLoop(b *testing.B) { benchModern(b, countLoop(100000)) }

// BenchmarkModernSumArray verifies a 64-iteration loop over a map value.
func BenchmarkModernSumArray(b *testing.B) {
	benchModern(b, sumArray(), ir.MapSpec{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 64, MaxEntries: 1})
}

// TestModernStateSize records the size of the modern domain's pieces.
func TestModernStateSize(t *testing.T) {
	t.Logf("mreg %d bytes, mslot %d bytes, mframe %d bytes (+ its stack)", unsafe.Sizeof(mreg{}), unsafe.Sizeof(mslot{}), unsafe.Sizeof(mframe{}))
	if unsafe.Sizeof(mreg{}) > 96 {
		t.Errorf("mreg grew to %d bytes", unsafe.Sizeof(mreg{}))
	}
}

var _ = strings.Repeat
