//go:build cgo

package absint_test

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/internal/oracle"
	"github.com/bpfcheck/bpfcheck/internal/proof"
	"github.com/bpfcheck/bpfcheck/ir"
)

// The precise profile in the modern core's differential and
// concrete-in-abstract tests: the same generated programs, verified by
// precise with the solver (internal/proof) discharging what the domain
// defers.

func preciseSolver(t *testing.T) func(*ir.Program, []int) absint.Discharged {
	s, err := proof.New()
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(s.Close)
	return s.Discharge()
}

// TestPreciseConcreteInAbstract is TestModernConcreteInAbstract for
// precise: accepted programs never fault on the checked interpreter, and
// every concrete scalar lies in an abstract value precise computed there.
// Every program linux-6.18 accepts, precise accepts.
func TestPreciseConcreteInAbstract(t *testing.T) {
	discharge := preciseSolver(t)
	rng := rand.New(rand.NewSource(3))
	runs, checked, accepted, gained := 0, 0, 0, 0
	for i := 0; i < 300; i++ {
		text, p := generated(t, rng, i)
		modern, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		states := map[int][][11]absint.RegState{}
		res, err := absint.Verify(p, absint.Options{Profile: "precise", Discharge: discharge, OnState: func(insn int, regs *[11]absint.RegState) {
			states[insn] = append(states[insn], *regs)
		}})
		if err != nil {
			t.Fatal(err)
		}
		if modern.Verdict == absint.Accept && res.Verdict != absint.Accept {
			t.Errorf("linux-6.18 accepts, precise says %s (%+v)\n%s", res.Verdict, res.Diag, text)
		}
		if res.Verdict != absint.Accept {
			continue
		}
		accepted++
		if modern.Verdict != absint.Accept {
			gained++
		}
		n, fault, outside := runInAbstract(t, rng, p, states, &checked)
		runs += n
		switch {
		case fault != nil:
			t.Errorf("precise accepts a program that faults on the checked interpreter: %v\n%s", fault, text)
		case outside != "":
			t.Errorf("a concrete state outside every abstract state of precise: %s\n%s", outside, text)
		}
	}
	t.Logf("precise: %d accepted (%d that linux-6.18 rejects), %d runs, %d instructions checked", accepted, gained, runs, checked)
	if runs < 100 {
		t.Errorf("only %d runs", runs)
	}
}

// TestPreciseDifferential is TestModernDifferential for precise: on
// generated programs of every family, precise accepts whatever linux-6.18
// accepts; what it accepts beyond that is run on the checked interpreter
// with random inputs (it must never fault); and its verdicts are compared
// with the running kernel's, where that can be asked.
func TestPreciseDifferential(t *testing.T) {
	discharge := preciseSolver(t)
	var o *oracle.Oracle
	if oracle.Available() {
		if k, err := oracle.New(); err == nil {
			o = k
			defer o.Close()
		}
	}
	rng := rand.New(rand.NewSource(2))
	n := 200
	var total, agree, kernelAccepts, gained, judged int
	for i := 0; i < n; i++ {
		text, p := generated(t, rng, i)
		modern, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := absint.Verify(p, absint.Options{Profile: "precise", Discharge: discharge})
		if err != nil {
			t.Fatal(err)
		}
		total++
		if modern.Verdict == absint.Accept && res.Verdict != absint.Accept {
			t.Errorf("linux-6.18 accepts, precise says %s (%+v)\n%s", res.Verdict, res.Diag, text)
		}
		if res.Verdict == absint.Accept && modern.Verdict != absint.Accept {
			gained++
			if err := runRandom(p, rng, 200); err != nil {
				t.Errorf("precise accepts beyond linux-6.18 a program that faults: %v\n%s", err, text)
			}
		}
		if o == nil {
			continue
		}
		v, err := o.Load(oracle.Request{Type: uint32(p.Type), Insns: p.Insns, Maps: p.Maps, License: "GPL"})
		if err != nil || v.Setup {
			continue
		}
		judged++
		if v.Loaded {
			kernelAccepts++
		}
		if (res.Verdict == absint.Accept) == v.Loaded {
			agree++
		} else if res.Verdict != absint.Accept {
			t.Logf("the kernel accepts what precise rejects (%+v)\n%s", res.Diag, text)
		}
	}
	t.Logf("precise: %d programs, %d accepted beyond linux-6.18; the kernel judged %d, accepted %d, agreed with precise on %d", total, gained, judged, kernelAccepts, agree)
}

// runRandom runs p on the checked interpreter with random packets and
// context fields; the first fault is returned.
func runRandom(p *ir.Program, rng *rand.Rand, n int) error {
	ms, err := exec.NewMaps(p)
	if err != nil {
		return err
	}
	prog, err := exec.LoadChecked(p, ms, exec.Options{})
	if err != nil {
		return err
	}
	defer prog.Close()
	for k := 0; k < n; k++ {
		skb := &exec.SkBuff{Packet: make([]byte, rng.Intn(64)), PktType: rng.Uint32() & 7, Mark: rng.Uint32() >> uint(rng.Intn(32)),
			QueueMapping: rng.Uint32() & 0xffff}
		rng.Read(skb.Packet)
		if _, err := prog.Run(skb); err != nil && !strings.Contains(err.Error(), "uninitialised stack") {
			return err
		}
	}
	return nil
}
