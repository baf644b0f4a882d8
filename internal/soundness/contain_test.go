package soundness

import (
	"slices"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/absint/scalar"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestContainChecksEveryStep: in a profile that reports abstract states,
// a run of an accepted program is checked at every instruction it
// executes; the kernel profiles report none.
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
	checked := 0
	for _, profile := range absint.ProfileNames() {
		failure, steps, err := containSteps(profile, p, NewInput(3))
		if err != nil {
			t.Fatal(err)
		}
		if failure != "" {
			t.Errorf("%s: %s", profile, failure)
		}
		if strings.HasPrefix(profile, "linux-4.") && steps != 0 {
			t.Errorf("%s reports states?", profile)
		}
		if steps > 0 {
			checked++
			if steps < 6 {
				t.Errorf("%s: %d steps checked, want the whole run", profile, steps)
			}
		}
	}
	if !slices.Contains(absint.ProfileNames(), "linux-6.18") {
		t.Skip("no profile reports states")
	}
	if checked == 0 {
		t.Error("no profile's states were checked")
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
	if covered([][11]absint.RegState{a, b}, &regs) {
		t.Error("covered by two half-matching states")
	}
	regs[2] = 5
	if !covered([][11]absint.RegState{b, a}, &regs) {
		t.Error("not covered by a matching state")
	}
	a[2].Live = false
	regs[2] = 999
	if !covered([][11]absint.RegState{a}, &regs) {
		t.Error("a dead register counted")
	}
	a[3] = absint.RegState{Type: "map_value", Live: true, Value: scalar.Const(0)}
	regs[3] = 0x7fff0000
	if !covered([][11]absint.RegState{a}, &regs) {
		t.Error("a pointer's address counted as a scalar")
	}
}
