//go:build amd64

package jit

import (
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// arithLoop is an arithmetic- and branch-heavy loop: 10 instructions per
// iteration, 10,000 iterations, plus 4 instructions around it.
const arithLoop = `
	r0 = 0
	r1 = 10000
	r2 = 0x9e3779b9
loop:
	r0 *= r2
	r0 += r1
	r3 = r0
	r3 >>= 7
	r0 ^= r3
	if r0 & 0x1 goto odd
	r0 += 3
odd:
	r1 += -1
	if r1 != 0x0 goto loop
	exit`

const arithLoopInsns = 4 + 10000*9 // the "r0 += 3" runs about half the time; counted as 9 per iteration

// goArith is the same computation in Go: the limit.
func goArith() uint64 {
	var r0, r1, r2 uint64 = 0, 10000, 0x9e3779b9
	for {
		r0 *= r2
		r0 += r1
		r3 := r0 >> 7
		r0 ^= r3
		if r0&1 == 0 {
			r0 += 3
		}
		r1--
		if r1 == 0 {
			return r0
		}
	}
}

func loadChecked(b *testing.B, src string, engine exec.Engine) *exec.Program {
	insns, err := ir.Assemble(src)
	if err != nil {
		b.Fatal(err)
	}
	p, err := exec.LoadChecked(&ir.Program{Name: "bench", Insns: insns}, nil, exec.Options{Engine: engine, Budget: 1 << 40})
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// benchRun runs p b.N times on one context (made once: a context serves
// one run at a time and may serve many in turn).
func benchRun(b *testing.B, p *exec.Program, ctx func() exec.Context, insnsPerRun int) {
	c := ctx()
	want, err := p.Run(c)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r0, _ := p.Run(c); r0 != want {
			b.Fatal("results differ between runs")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(insnsPerRun), "ns/insn")
}

func BenchmarkArithLoop(b *testing.B) {
	mem := func() exec.Context { return exec.Memory(nil) }
	b.Run("interp", func(b *testing.B) { benchRun(b, loadChecked(b, arithLoop, nil), mem, arithLoopInsns) })
	b.Run("jit", func(b *testing.B) { benchRun(b, loadChecked(b, arithLoop, Engine()), mem, arithLoopInsns) })
	b.Run("go", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink += goArith()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(arithLoopInsns), "ns/insn")
	})
}

// wideLoop is arithmetic- and branch-heavy with independent work in seven
// registers: 14 instructions per iteration (13 when the branch skips),
// 10,000 iterations.
const wideLoop = `
	r0 = 0
	r3 = 1
	r4 = 2
	r5 = 3
	r6 = 4
	r7 = 5
	r8 = 6
	r1 = 10000
loop:
	r3 += r1
	r4 ^= r1
	r5 += 7
	r6 <<= 1
	r7 -= r1
	r8 |= r1
	r3 ^= r4
	r5 += r6
	r7 &= r8
	r0 += r3
	if r5 & 0x1 goto skip
	r0 += r7
skip:
	r1 += -1
	if r1 != 0x0 goto loop
	exit`

const wideLoopInsns = 9 + 10000*14

var sink uint64

// goWide is wideLoop in Go.
func goWide() uint64 {
	var r0, r3, r4, r5, r6, r7, r8 uint64 = 0, 1, 2, 3, 4, 5, 6
	for r1 := uint64(10000); r1 != 0; r1-- {
		r3 += r1
		r4 ^= r1
		r5 += 7
		r6 <<= 1
		r7 -= r1
		r8 |= r1
		r3 ^= r4
		r5 += r6
		r7 &= r8
		r0 += r3
		if r5&1 == 0 {
			r0 += r7
		}
	}
	return r0
}

func BenchmarkWideLoop(b *testing.B) {
	mem := func() exec.Context { return exec.Memory(nil) }
	b.Run("interp", func(b *testing.B) { benchRun(b, loadChecked(b, wideLoop, nil), mem, wideLoopInsns) })
	b.Run("jit", func(b *testing.B) { benchRun(b, loadChecked(b, wideLoop, Engine()), mem, wideLoopInsns) })
	b.Run("go", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink += goWide()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(wideLoopInsns), "ns/insn")
	})
}

// TestWideLoopAgrees checks the benchmark program computes what Go does.
func TestWideLoopAgrees(t *testing.T) {
	insns, err := ir.Assemble(wideLoop)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []exec.Engine{nil, Engine()} {
		p, err := exec.LoadChecked(&ir.Program{Name: "wide", Insns: insns}, nil, exec.Options{Engine: e, Budget: 1 << 30})
		if err != nil {
			t.Fatal(err)
		}
		if r0, err := p.Run(exec.Memory(nil)); err != nil || r0 != goWide() {
			t.Errorf("engine %v: r0 %#x, %v; Go gives %#x", e, r0, err, goWide())
		}
	}
}

// straightLine is a verified program of 2,000 ALU instructions.
func straightLine() string {
	var s strings.Builder
	s.WriteString("r0 = 1\nr2 = 7\n")
	ops := []string{"r0 *= r2", "r0 += 12345", "r3 = r0", "r3 >>= 3", "r0 ^= r3", "r2 += r0", "r0 |= 5", "r2 &= 0xffff"}
	for i := 0; i < 2000; i++ {
		s.WriteString(ops[i%len(ops)] + "\n")
	}
	s.WriteString("exit\n")
	return s.String()
}

func loadVerified(b *testing.B, src string, maps []ir.MapSpec, engine exec.Engine) (*exec.Program, []*exec.Map) {
	insns, err := ir.Assemble(src)
	if err != nil {
		b.Fatal(err)
	}
	p := &ir.Program{Name: "bench", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: maps, License: "GPL"}
	res, err := absint.Verify(p, absint.Options{Profile: "linux-4.3"})
	if err != nil || res.Verdict != absint.Accept {
		b.Fatalf("not verified: %v %+v", err, res.Diag)
	}
	ms, err := exec.NewMaps(p)
	if err != nil {
		b.Fatal(err)
	}
	prog, err := exec.Load(res.Verified, ms, exec.Options{Engine: engine})
	if err != nil {
		b.Fatal(err)
	}
	return prog, ms
}

func BenchmarkStraightLine(b *testing.B) {
	skb := func() exec.Context { return &exec.SkBuff{} }
	b.Run("interp", func(b *testing.B) {
		p, _ := loadVerified(b, straightLine(), nil, nil)
		benchRun(b, p, skb, 2003)
	})
	b.Run("jit", func(b *testing.B) {
		p, _ := loadVerified(b, straightLine(), nil, Engine())
		benchRun(b, p, skb, 2003)
	})
}

// packetParser reads the IPv4 protocol with LD_ABS and counts it in an
// array map: 15 instructions per run on the path taken.
const packetParser = `
	r6 = r1
	r0 = *(u16 *)skb[12]
	if r0 != 0x800 goto out
	r0 = *(u8 *)skb[23]
	*(u32 *)(r10 -4) = r0
	r2 = r10
	r2 += -4
	r1 = map[0]
	call 1
	if r0 == 0x0 goto out
	r1 = 1
	lock *(u64 *)(r0 +0) += r1
out:
	r0 = 0
	exit`

func BenchmarkPacketParser(b *testing.B) {
	pkt := make([]byte, 64)
	pkt[12], pkt[13], pkt[23] = 0x08, 0x00, 6
	skb := func() exec.Context { return &exec.SkBuff{Packet: pkt} }
	maps := []ir.MapSpec{{Name: "protos", Type: ir.MapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 256}}
	for _, e := range []struct {
		name   string
		engine exec.Engine
	}{{"interp", nil}, {"jit", Engine()}} {
		b.Run(e.name, func(b *testing.B) {
			p, ms := loadVerified(b, packetParser, maps, e.engine)
			benchRun(b, p, skb, 15)
			v, _ := ms[0].Lookup([]byte{6, 0, 0, 0})
			if v[0] == 0 {
				b.Fatal("the counter did not move")
			}
		})
	}
}
