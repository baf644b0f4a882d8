package exec_test

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	bpfexec "github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// executed counts the instructions a kernel run executes, with the
// interpreter's OnInsn hook (called once per instruction, a LD_IMM64
// once).
func executed(tb testing.TB, insns []ir.Instruction, mem []byte) uint64 {
	tb.Helper()
	var n uint64
	prog, err := bpfexec.LoadChecked(&ir.Program{Name: "counted", Insns: insns}, nil, bpfexec.Options{Budget: bpfexec.Unlimited, OnInsn: func(int, *[16]uint64) { n++ }})
	if err != nil {
		tb.Fatal(err)
	}
	defer prog.Close()
	if _, err := prog.Run(bpfexec.Memory(append([]byte(nil), mem...))); err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestExecutedCounts checks the counting on programs of known length.
func TestExecutedCounts(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want uint64
	}{
		{"r0 = 0\nexit", 2},
		{"r0 = 0\nr1 = 0x100000000 ll\nexit", 3},
		{"r0 = 0\nr0 += 1\nif r0 < 10 goto -2\nexit", 1 + 10*2 + 1},
		{"r0 = 1\nif r0 == 1 goto +1\nr0 = 2\nexit", 3},
	} {
		insns, _ := ir.Assemble(tt.src)
		if got := executed(t, insns, nil); got != tt.want {
			t.Errorf("%q: %d executed, want %d", tt.src, got, tt.want)
		}
	}
}

// spaced is hex with a space between bytes, as every plugin reads it.
func spaced(b []byte) string {
	s := make([]string, len(b))
	for i, c := range b {
		s[i] = hex.EncodeToString([]byte{c})
	}
	return strings.Join(s, " ")
}

// TestKernelsExport writes each kernel's program and memory as plugin
// hex and its executed instruction count to $BPFCHECK_KERNELS_OUT
// (scripts/bench-kernels.sh), with repetitions from
// $BPFCHECK_KERNELS_SCALE times the benchmarks', only those named in
// $BPFCHECK_KERNELS if set.
func TestKernelsExport(t *testing.T) {
	dir := os.Getenv("BPFCHECK_KERNELS_OUT")
	if dir == "" {
		t.Skip("BPFCHECK_KERNELS_OUT not set")
	}
	scale := uint32(1)
	fmt.Sscan(os.Getenv("BPFCHECK_KERNELS_SCALE"), &scale)
	only := os.Getenv("BPFCHECK_KERNELS") // a space-separated subset, or all
	var names []string
	for _, k := range kernels {
		if only != "" && !strings.Contains(" "+only+" ", " "+k.name+" ") {
			continue
		}
		insns := kernelCode(t, k.name)
		reps := k.reps * scale
		mem := kernelMemory(k, reps)
		code := ir.Encode(insns)
		files := map[string]string{
			".prog":  spaced(code),
			".mem":   spaced(mem),
			".count": fmt.Sprint(executed(t, insns, mem)),
			".r0":    fmt.Sprintf("0x%x", k.goFn(append([]byte(nil), mem...))),
		}
		for ext, s := range files {
			if err := os.WriteFile(filepath.Join(dir, k.name+ext), []byte(s+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		names = append(names, k.name)
	}
	sort.Strings(names)
	t.Logf("wrote %v", names)
}

// TestKernelsMinTime prints, when $BPFCHECK_KERNELS_MIN is a run count,
// each kernel's fastest run of that many on each engine and mode in ns
// per executed instruction, and Go's: on a shared machine the fastest of
// many short runs is the one that ran without being preempted, so these
// figures hold under load where means and medians do not.
func TestKernelsMinTime(t *testing.T) {
	runs := 0
	fmt.Sscan(os.Getenv("BPFCHECK_KERNELS_MIN"), &runs)
	if runs <= 0 {
		t.Skip("BPFCHECK_KERNELS_MIN not set")
	}
	fastest := func(f func()) float64 {
		best := time.Duration(1 << 62)
		for i := 0; i < runs; i++ {
			start := time.Now()
			f()
			if d := time.Since(start); d < best {
				best = d
			}
		}
		return float64(best.Nanoseconds())
	}
	fmt.Printf("%-9s %9s %8s %8s %8s %8s %8s %8s\n", "kernel", "insns", "go", "interp-c", "interp-v", "jit-c", "jit-v", "jit-c/v")
	for _, k := range kernels {
		insns := kernelCode(t, k.name)
		mem := kernelMemory(k, k.reps)
		n := float64(executed(t, insns, mem))
		buf := append([]byte(nil), mem...)
		row := fmt.Sprintf("%-9s %9.0f %8.3f", k.name, n, fastest(func() { k.goFn(buf) })/n)
		var jit [2]float64
		for _, e := range engines() {
			for ci, checked := range []bool{true, false} {
				prog := loadKernel(t, k, insns, len(mem), e, checked)
				var ctx bpfexec.Context = bpfexec.Memory(buf)
				v := fastest(func() { prog.Run(ctx) }) / n
				prog.Close()
				row += fmt.Sprintf(" %8.3f", v)
				if e.Name() == "jit" {
					jit[ci] = v
				}
			}
		}
		if jit[1] > 0 {
			row += fmt.Sprintf(" %8.2f", jit[0]/jit[1])
		}
		fmt.Println(row)
	}
}
