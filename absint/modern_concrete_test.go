package absint_test

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestModernConcreteInAbstract runs accepted generated programs on the
// checked interpreter with random inputs: every run stays inside the
// checked memory, and before every instruction each live scalar register's
// concrete value lies in the abstract value linux-6.18 computed there on
// some path.
func TestModernConcreteInAbstract(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	runs, checked := 0, 0
	for i := 0; i < 600; i++ {
		text, p := generated(t, rng, i)
		states := map[int][][11]absint.RegState{}
		res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18", OnState: func(insn int, regs *[11]absint.RegState) {
			states[insn] = append(states[insn], *regs)
		}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != absint.Accept {
			continue
		}
		n, fault, outside := runInAbstract(t, rng, p, states, &checked)
		runs += n
		switch {
		case fault != nil:
			t.Errorf("an accepted program faults on the checked interpreter: %v\n%s", fault, text)
		case outside != "":
			t.Errorf("a concrete state outside every abstract state: %s\n%s", outside, text)
		}
	}
	t.Logf("%d runs, %d instructions checked", runs, checked)
	if runs < 100 {
		t.Errorf("only %d runs", runs)
	}
}

// generated is the i-th of a series of generated socket filters: the
// generator's families in turn, its text and its program.
func generated(t *testing.T, rng *rand.Rand, i int) (string, *ir.Program) {
	t.Helper()
	fam := []string{"alu", "stack", "map", "loop", "call"}[i%5]
	text, maps := absint.GenerateForTest(rng, fam)
	insns, err := ir.Assemble(text)
	if err != nil {
		t.Fatal(err)
	}
	return text, &ir.Program{Name: fam, Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: maps, License: "GPL"}
}

// loadInAbstract loads p on the checked interpreter with the
// concrete-in-abstract check: before every instruction it counts one in
// *checked and, where the registers lie outside every abstract state of
// states at that instruction, sets *outside (the first such) to them.
func loadInAbstract(t *testing.T, p *ir.Program, states map[int][][11]absint.RegState, checked *int, outside *string) *exec.Program {
	t.Helper()
	ms, err := exec.NewMaps(p)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := exec.LoadChecked(p, ms, exec.Options{OnInsn: func(pc int, regs *[16]uint64) {
		*checked++
		if *outside != "" {
			return
		}
		for _, abs := range states[pc] {
			if contains(&abs, regs) {
				return
			}
		}
		*outside = describe(pc, regs, states[pc])
	}})
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// runInAbstract runs an accepted p (states: the abstract states its
// verification reported) on the checked interpreter with up to 8 random
// packets. It stops at the first fault (reading never-written stack is
// none: privileged programs may, the kernel allows it and the checked
// interpreter traps it) or the first run that left the abstract states,
// and returns the runs that did not fault and what stopped it.
func runInAbstract(t *testing.T, rng *rand.Rand, p *ir.Program, states map[int][][11]absint.RegState, checked *int) (runs int, fault error, outside string) {
	t.Helper()
	prog := loadInAbstract(t, p, states, checked, &outside)
	defer prog.Close()
	for k := 0; k < 8; k++ {
		skb := &exec.SkBuff{Packet: make([]byte, rng.Intn(64)), PktType: rng.Uint32() & 7, Mark: rng.Uint32(),
			QueueMapping: rng.Uint32() & 0xffff}
		if rng.Intn(2) == 0 {
			skb.Mark &= 0xff
		}
		rng.Read(skb.Packet)
		if _, err := prog.Run(skb); err != nil && !strings.Contains(err.Error(), "uninitialised stack") {
			return runs, err, ""
		}
		runs++
		if outside != "" {
			return runs, nil, outside
		}
	}
	return runs, nil, ""
}

func contains(abs *[11]absint.RegState, regs *[16]uint64) bool {
	for r := 0; r < 10; r++ {
		a := &abs[r]
		if a.Live && a.Type == "scalar" && !a.Value.Contains(regs[r]) {
			return false
		}
	}
	return true
}

func describe(pc int, regs *[16]uint64, abs [][11]absint.RegState) string {
	s := ""
	for r := 0; r < 10; r++ {
		s += " r" + string(rune('0'+r)) + "=" + hex(regs[r])
	}
	out := "insn " + itoa(pc) + ":" + s
	for _, a := range abs {
		out += "\n  abstract:"
		for r := 0; r < 10; r++ {
			if a[r].Live && a[r].Type == "scalar" {
				out += " r" + string(rune('0'+r)) + "=" + a[r].Value.String()
			}
		}
	}
	return out
}

func hex(v uint64) string {
	const d = "0123456789abcdef"
	b := []byte("0x")
	started := false
	for i := 60; i >= 0; i -= 4 {
		x := (v >> uint(i)) & 15
		if x != 0 || started || i == 0 {
			b = append(b, d[x])
			started = true
		}
	}
	return string(b)
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// TestModernExamineAccepts runs the programs in BPFCHECK_CHECK_DIR (the
// differential test's BPFCHECK_DIFF_DUMP of programs bpfcheck accepts and
// the kernel refuses) on the checked interpreter with many random inputs,
// with the concrete-in-abstract check: evidence that each is safe.
func TestModernExamineAccepts(t *testing.T) {
	dir := os.Getenv("BPFCHECK_CHECK_DIR")
	if dir == "" {
		t.Skip("BPFCHECK_CHECK_DIR not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*-accept.s"))
	rng := rand.New(rand.NewSource(5))
	for _, f := range files {
		src, _ := os.ReadFile(f)
		insns, err := ir.Assemble(string(src))
		if err != nil {
			t.Fatal(err)
		}
		p := &ir.Program{Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL",
			Maps: []ir.MapSpec{{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 48, MaxEntries: 4}}}
		states := map[int][][11]absint.RegState{}
		res, _ := absint.Verify(p, absint.Options{Profile: "linux-6.18", OnState: func(insn int, regs *[11]absint.RegState) {
			states[insn] = append(states[insn], *regs)
		}})
		if res.Verdict != absint.Accept {
			t.Errorf("%s: %s", f, res.Verdict)
			continue
		}
		var bad string
		checked := 0
		prog := loadInAbstract(t, p, states, &checked, &bad)
		faults := 0
		for k := 0; k < 2000; k++ {
			skb := &exec.SkBuff{Packet: make([]byte, rng.Intn(64)), PktType: rng.Uint32() & 7, Mark: rng.Uint32() >> uint(rng.Intn(32)),
				QueueMapping: rng.Uint32() & 0xffff}
			if _, err := prog.Run(skb); err != nil && !strings.Contains(err.Error(), "uninitialised stack") {
				faults++
				t.Errorf("%s: faults: %v", f, err)
				break
			}
		}
		if bad != "" {
			t.Errorf("%s: %s", f, bad)
		}
		prog.Close()
		t.Logf("%s: 2000 runs, %d faults", filepath.Base(f), faults)
	}
}
