package exec_test

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	bpfexec "github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// stepped returns insns with a `goto +0` after every instruction, jumps
// retargeted: a checked run of it takes one jump per instruction the
// original executes, but for the final exit.
func stepped(insns []ir.Instruction) []ir.Instruction {
	at := make([]int, len(insns)+1)
	var out []ir.Instruction
	for i := 0; i < len(insns); i++ {
		at[i] = len(out)
		out = append(out, insns[i])
		if insns[i].Opcode.IsLoadImm64() && i+1 < len(insns) {
			i++
			at[i] = len(out)
			out = append(out, insns[i])
		}
		out = append(out, ir.Instruction{Opcode: 0x05}) // goto +0
	}
	at[len(insns)] = len(out)
	for i, ins := range insns {
		c, op := ins.Opcode.Class(), ins.Opcode.JumpOp()
		if !c.IsJump() || op == ir.JumpCall || op == ir.JumpExit {
			continue
		}
		if t := i + 1 + int(ins.Off); t >= 0 && t <= len(insns) {
			out[at[i]].Off = int16(at[t] - at[i] - 1)
		}
	}
	return out
}

// executed counts the instructions a kernel run executes: the fewest
// jumps the stepped program needs, by bisection over the budget.
func executed(tb testing.TB, insns []ir.Instruction, mem []byte) uint64 {
	tb.Helper()
	p := &ir.Program{Name: "stepped", Insns: stepped(insns)}
	fits := func(budget uint64) bool {
		prog, err := bpfexec.LoadChecked(p, nil, bpfexec.Options{Engine: engines()[len(engines())-1], Budget: budget})
		if err != nil {
			tb.Fatal(err)
		}
		defer prog.Close()
		_, err = prog.Run(bpfexec.Memory(append([]byte(nil), mem...)))
		var re *bpfexec.RunError
		if err != nil && !(errors.As(err, &re) && strings.Contains(re.Msg, "budget")) {
			tb.Fatal(err)
		}
		return err == nil
	}
	lo, hi := uint64(1), uint64(1)
	for !fits(hi) {
		lo, hi = hi+1, hi*2
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fits(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi + 1
}

// TestSteppedCounts checks the counting on programs of known length.
func TestSteppedCounts(t *testing.T) {
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
// $BPFCHECK_KERNELS_SCALE times the benchmarks'.
func TestKernelsExport(t *testing.T) {
	dir := os.Getenv("BPFCHECK_KERNELS_OUT")
	if dir == "" {
		t.Skip("BPFCHECK_KERNELS_OUT not set")
	}
	scale := uint32(1)
	fmt.Sscan(os.Getenv("BPFCHECK_KERNELS_SCALE"), &scale)
	var names []string
	for _, k := range kernels {
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
