package soundness

import (
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/absint/scalar"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestContainChecksEveryStep: in a profile that reports abstract states,
// a run of an accepted program is checked at every instruction it
// executes, in every profile.
func TestContainChecksEveryStep(t *testing.T) {
	insns, err := ir.Assemble(`
		r6 = r1
		r2 = *(u32 *)(r6 +0)
		r2 &= 15
		r0 = 0
		r0 += r2
		if r2 > 0x3 goto pc+1
		r0 += 100
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "contain", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: Maps(), License: "GPL"}
	for _, profile := range absint.ProfileNames() {
		failure, steps, _, err := containSteps(profile, p, NewInput(3), absint.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if failure != "" {
			t.Errorf("%s: %s", profile, failure)
		}
		if steps < 6 {
			t.Errorf("%s: %d steps checked, want the whole run", profile, steps)
		}
	}
}

// TestCoveredNeedsOneStateForAllRegisters: a concrete state is covered
// only by one abstract state that contains every live scalar at once, not
// by two states that each contain one of them; dead registers and
// pointers do not count.
func TestCoveredNeedsOneStateForAllRegisters(t *testing.T) {
	num := func(v uint64) absint.RegState {
		return absint.RegState{Type: "scalar", Live: true, Value: scalar.Const(v)}
	}
	var a, b [11]absint.RegState
	a[1], a[2] = num(1), num(5)
	b[1], b[2] = num(2), num(6)
	regs := [11]uint64{1: 1, 2: 6}
	if (&concrete{}).covered([][11]absint.RegState{a, b}, &regs) {
		t.Error("covered by two half-matching states")
	}
	regs[2] = 5
	if !(&concrete{}).covered([][11]absint.RegState{b, a}, &regs) {
		t.Error("not covered by a matching state")
	}
	a[2].Live = false
	regs[2] = 999
	if !(&concrete{}).covered([][11]absint.RegState{a}, &regs) {
		t.Error("a dead register counted")
	}
	a[3] = absint.RegState{Type: "map_value", Live: true, Value: scalar.Const(0)}
	regs[3] = 0x7fff0000
	if !(&concrete{}).covered([][11]absint.RegState{a}, &regs) {
		t.Error("a pointer's address counted as a scalar")
	}
}

// TestContainKernelTypes: in the 2015 profiles every register type is
// checked against the run: a program holding the context, a stack
// pointer, a map pointer, a lookup result before and after its NULL check
// and constants is contained; a verifier that reports any one of those
// types wrong (another constant, stack offset, map, a pointer one byte
// into the value, the context where a stack pointer is) is caught.
func TestContainKernelTypes(t *testing.T) {
	insns, err := ir.Assemble(`
		r6 = r1
		r1 = 0
		*(u64 *)(r10 -8) = r1
		r2 = r10
		r2 += -8
		r1 = map[1]
		call 1
		r7 = r0
		if r7 == 0x0 goto pc+3
		r8 = *(u64 *)(r7 +0)
		r9 = -3
		w9 = -3
		r0 = 0
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "kinds", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: Maps(), License: "GPL"}
	for _, profile := range []string{"linux-4.2", "linux-4.3"} {
		failure, steps, _, err := containSteps(profile, p, NewInput(3), absint.Options{})
		if err != nil || failure != "" || steps != len(insns)-1 {
			t.Fatalf("%s: %d steps, failure %q, err %v; want %d steps contained", profile, steps, failure, err, len(insns)-1)
		}
		for _, c := range []struct {
			name string
			lie  func(a *absint.RegState)
		}{
			{"imm", func(a *absint.RegState) { a.Off++ }},
			{"fp", func(a *absint.RegState) { a.Off -= 8 }},
			{"ctx", func(a *absint.RegState) { a.Type, a.Off = "fp", -16 }},
			{"map_ptr", func(a *absint.RegState) { a.Map = 0 }},
			{"map_value", func(a *absint.RegState) { a.Map = 0 }},
			{"map_value_or_null", func(a *absint.RegState) { a.Map = 2 }},
		} {
			lied := false
			perturb = func(insn int, regs *[11]absint.RegState) {
				for r := range regs {
					if regs[r].Type == c.name && r != 10 {
						c.lie(&regs[r])
						lied = true
					}
				}
			}
			failure, _, _, err := containSteps(profile, p, NewInput(3), absint.Options{})
			perturb = nil
			if err != nil {
				t.Fatal(err)
			}
			if !lied {
				t.Errorf("%s: the walk reported no %s register", profile, c.name)
			} else if !strings.Contains(failure, "outside") {
				t.Errorf("%s: a lie about %s registers was not caught", profile, c.name)
			}
		}
	}
}
