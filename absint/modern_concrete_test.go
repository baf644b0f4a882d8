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
		fam := []string{"alu", "stack", "map", "loop", "call"}[i%5]
		text, maps := absint.GenerateForTest(rng, fam)
		insns, err := ir.Assemble(text)
		if err != nil {
			t.Fatal(err)
		}
		p := &ir.Program{Name: fam, Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: maps, License: "GPL"}
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
		ms, err := exec.NewMaps(p)
		if err != nil {
			t.Fatal(err)
		}
		var bad string
		prog, err := exec.LoadChecked(p, ms, exec.Options{OnInsn: func(pc int, regs *[16]uint64) {
			checked++
			if bad != "" {
				return
			}
			for _, abs := range states[pc] {
				if contains(&abs, regs) {
					return
				}
			}
			bad = describe(pc, regs, states[pc])
		}})
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 8; k++ {
			skb := &exec.SkBuff{Packet: make([]byte, rng.Intn(64)), PktType: rng.Uint32() & 7, Mark: rng.Uint32(),
				QueueMapping: rng.Uint32() & 0xffff}
			if rng.Intn(2) == 0 {
				skb.Mark &= 0xff
			}
			rng.Read(skb.Packet)
			if _, err := prog.Run(skb); err != nil && !strings.Contains(err.Error(), "uninitialised stack") {
				// (Privileged programs may read never-written stack; the
				// checked interpreter traps it, the kernel allows it.)
				t.Errorf("an accepted program faults on the checked interpreter: %v\n%s", err, text)
				break
			}
			runs++
			if bad != "" {
				t.Errorf("a concrete state outside every abstract state: %s\n%s", bad, text)
				break
			}
		}
	}
	t.Logf("%d runs, %d instructions checked", runs, checked)
	if runs < 100 {
		t.Errorf("only %d runs", runs)
	}
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
		ms, _ := exec.NewMaps(p)
		var bad string
		prog, err := exec.LoadChecked(p, ms, exec.Options{OnInsn: func(pc int, regs *[16]uint64) {
			for _, abs := range states[pc] {
				if contains(&abs, regs) {
					return
				}
			}
			if bad == "" {
				bad = describe(pc, regs, states[pc])
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
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
		t.Logf("%s: 2000 runs, %d faults", filepath.Base(f), faults)
	}
}
