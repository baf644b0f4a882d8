package exec_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	bpfexec "github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/internal/verified"
	"github.com/bpfcheck/bpfcheck/ir"
)

// A compute kernel: its C source in testdata/kernels, the repetition
// count of the benchmarks, the data size, and a Go version of it.
type kernel struct {
	name string
	reps uint32
	data int
	goFn func(mem []byte) uint64
}

var kernels = []kernel{
	{"checksum", 4, 4096, goChecksum},
	{"fnv1a", 4, 4096, goFNV},
	{"primes", 3000, 0, goPrimes},
	{"switch", 4, 4096, goSwitch},
	{"bubble", 4, 256, goBubble},
}

// kernelMemory is a kernel's input: the repetition count, then data.
func kernelMemory(k kernel, reps uint32) []byte {
	mem := make([]byte, 8+k.data)
	binary.LittleEndian.PutUint32(mem, reps)
	x := uint32(1)
	for i := 8; i < len(mem); i++ {
		x = x*1664525 + 1013904223
		mem[i] = byte(x >> 24)
	}
	return mem
}

var (
	buildOnce sync.Once
	built     map[string][]ir.Instruction
	buildErr  error
)

// kernelCode compiles the kernels with clang (at test time) and returns
// one's instructions; it skips the test without clang.
func kernelCode(tb testing.TB, name string) []ir.Instruction {
	tb.Helper()
	buildOnce.Do(func() {
		clang, err := exec.LookPath("clang")
		if err != nil {
			buildErr = err
			return
		}
		objcopy, err := exec.LookPath("llvm-objcopy")
		if err != nil {
			buildErr = err
			return
		}
		dir, err := os.MkdirTemp("", "kernels")
		if err != nil {
			buildErr = err
			return
		}
		defer os.RemoveAll(dir)
		built = map[string][]ir.Instruction{}
		for _, k := range kernels {
			obj, raw := filepath.Join(dir, k.name+".o"), filepath.Join(dir, k.name+".bin")
			src := filepath.Join("testdata", "kernels", k.name+".c")
			if out, err := exec.Command(clang, "-O2", "-target", "bpf", "-fno-jump-tables", "-c", src, "-o", obj).CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("%s: %v\n%s", src, err, out)
				return
			}
			if out, err := exec.Command(objcopy, "-O", "binary", "--only-section=kernel", obj, raw).CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("%s: %v\n%s", obj, err, out)
				return
			}
			b, err := os.ReadFile(raw)
			if err != nil {
				buildErr = err
				return
			}
			if built[k.name], err = ir.DecodeSlots(b); err != nil {
				buildErr = err
				return
			}
		}
	})
	if buildErr != nil {
		tb.Skipf("kernels not built: %v", buildErr)
	}
	return built[name]
}

// loadKernel loads a kernel in checked mode, or in verified mode: the
// code path of a verified program, without run-time checks. No profile
// verifies these loops on plain memory, so the benchmark trusts them as
// verified (they were run checked first, and the test compares results).
func loadKernel(tb testing.TB, k kernel, insns []ir.Instruction, memSize int, e bpfexec.Engine, checked bool) *bpfexec.Program {
	tb.Helper()
	p := &ir.Program{Name: k.name, Insns: insns}
	var prog *bpfexec.Program
	var err error
	if checked {
		prog, err = bpfexec.LoadChecked(p, nil, bpfexec.Options{Engine: e, Budget: bpfexec.Unlimited})
	} else {
		prog, err = bpfexec.Load(verified.New(p, "trusted", platform.PlainMemory(memSize)), nil, bpfexec.Options{Engine: e})
	}
	if err != nil {
		tb.Fatal(err)
	}
	return prog
}

// TestKernels runs each kernel on both engines in checked and verified
// mode and compares r0 with the Go version.
func TestKernels(t *testing.T) {
	for _, k := range kernels {
		insns := kernelCode(t, k.name)
		reps := uint32(2)
		if k.name == "primes" {
			reps = 500 // primes below 500
		}
		mem := kernelMemory(k, reps)
		want := k.goFn(append([]byte(nil), mem...))
		for _, e := range engines() {
			for _, checked := range []bool{true, false} {
				prog := loadKernel(t, k, insns, len(mem), e, checked)
				got, err := prog.Run(bpfexec.Memory(append([]byte(nil), mem...)))
				if err != nil || got != want {
					t.Errorf("%s on %s (checked %v): %#x, %v; want %#x", k.name, e.Name(), checked, got, err, want)
				}
				prog.Close()
			}
		}
	}
}

// BenchmarkKernels: each kernel on each engine, checked and verified, and
// in Go. ns/op is one run; `go test -bench Kernels` and benchstat.
func BenchmarkKernels(b *testing.B) {
	for _, k := range kernels {
		mem := kernelMemory(k, k.reps)
		b.Run(k.name+"/go", func(b *testing.B) {
			buf := append([]byte(nil), mem...)
			for i := 0; i < b.N; i++ {
				k.goFn(buf)
			}
		})
		insns := kernelCode(b, k.name)
		count := executed(b, insns, mem)
		for _, e := range engines() {
			for _, checked := range []bool{true, false} {
				mode := "verified"
				if checked {
					mode = "checked"
				}
				b.Run(k.name+"/"+e.Name()+"-"+mode, func(b *testing.B) {
					prog := loadKernel(b, k, insns, len(mem), e, checked)
					defer prog.Close()
					var buf bpfexec.Context = bpfexec.Memory(append([]byte(nil), mem...))
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if _, err := prog.Run(buf); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(count), "ns/insn")
				})
			}
		}
	}
}

func goChecksum(mem []byte) uint64 {
	reps := binary.LittleEndian.Uint32(mem)
	var total uint64
	for r := uint32(0); r < reps; r++ {
		sum := uint64(r)
		for i := 8; i+1 < len(mem); i += 2 {
			sum += uint64(mem[i])<<8 | uint64(mem[i+1])
		}
		for sum>>16 != 0 {
			sum = sum&0xffff + sum>>16
		}
		total += ^sum & 0xffff
	}
	return total
}

func goFNV(mem []byte) uint64 {
	reps := binary.LittleEndian.Uint32(mem)
	h := uint64(14695981039346656037)
	for r := uint32(0); r < reps; r++ {
		for _, c := range mem[8:] {
			h ^= uint64(c)
			h *= 1099511628211
		}
	}
	return h
}

func goPrimes(mem []byte) uint64 {
	n := binary.LittleEndian.Uint32(mem)
	var count uint64
	for k := uint32(2); k < n; k++ {
		prime := uint64(1)
		for d := uint32(2); d*d <= k; d++ {
			if k%d == 0 {
				prime = 0
				break
			}
		}
		count += prime
	}
	return count
}

func goSwitch(mem []byte) uint64 {
	reps := binary.LittleEndian.Uint32(mem)
	acc := uint64(1)
	for r := uint32(0); r < reps; r++ {
		for i := 8; i < len(mem); i++ {
			switch mem[i] & 7 {
			case 0:
				acc += uint64(i)
			case 1:
				acc ^= acc << 3
			case 2:
				acc -= uint64(mem[i])
			case 3:
				acc *= 3
			case 4:
				acc >>= 1
			case 5:
				acc |= 0x100
			case 6:
				acc = ^acc
			default:
				acc += 7
			}
		}
	}
	return acc
}

func goBubble(mem []byte) uint64 {
	const n = 64
	reps := binary.LittleEndian.Uint32(mem)
	var a [n]uint32
	var out uint64
	x := uint32(12345)
	for r := uint32(0); r < reps; r++ {
		for i := range a {
			x = x*1103515245 + 12345
			a[i] = x >> 8
		}
		for i := 0; i < n; i++ {
			for j := 0; j+1 < n-i; j++ {
				if a[j] > a[j+1] {
					a[j], a[j+1] = a[j+1], a[j]
				}
			}
		}
		for i := range a {
			out += uint64(a[i]) * uint64(i+1)
		}
	}
	return out
}

// TestRunsDoNotAllocate: a run of a kernel allocates nothing in steady
// state, on both engines, checked and verified.
func TestRunsDoNotAllocate(t *testing.T) {
	k := kernels[0]
	insns := kernelCode(t, k.name)
	mem := kernelMemory(k, 1)
	var ctx bpfexec.Context = bpfexec.Memory(mem) // boxed once: a slice in an interface is an allocation
	for _, e := range engines() {
		for _, checked := range []bool{true, false} {
			prog := loadKernel(t, k, insns, len(mem), e, checked)
			if a := testing.AllocsPerRun(50, func() { prog.Run(ctx) }); a != 0 {
				t.Errorf("%s (checked %v): %.1f allocations per run", e.Name(), checked, a)
			}
			prog.Close()
		}
	}
}
