package soundness

import (
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/jit"
	"github.com/google/go-cmp/cmp"
)

// TestGeneratedProgramsAreSound is a short run of the soundness checker in
// every profile: no accepted program faults, the engines agree, every
// profile accepts a fair share, and every 2015 snippet kind appears in an
// accepted program of every profile.
func TestGeneratedProgramsAreSound(t *testing.T) {
	n := 3000
	if testing.Short() || raceEnabled {
		n = 300
	}
	c := NewChecker(Options{Inputs: 4, Minimise: true})
	seen := map[string]map[string]bool{}
	for seed := int64(1); seed <= int64(n); seed++ {
		p, info := generate(seed)
		c.Stats.Programs++
		found, err := c.check(p, seed, info.uninit)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			t.Errorf("soundness bug:\n%s", f.Reproducer())
		}
		for _, name := range c.opts.Profiles {
			if res, _ := absint.Verify(p, absint.Options{Profile: name}); res.Verdict == absint.Accept {
				if seen[name] == nil {
					seen[name] = map[string]bool{}
				}
				for _, s := range info.used {
					seen[name][s] = true
				}
			}
		}
	}
	if c.Stats.Runs == 0 {
		t.Fatal("nothing ran")
	}
	for name, st := range c.Stats.Profiles {
		if st.Accepted < n/20 {
			t.Errorf("%s accepted only %d of %d programs", name, st.Accepted, n)
		}
		// Every profile reports its states: most cleanly accepted programs
		// are checked for containment (the rest faulted as permitted).
		if st.Contained < st.Accepted/2 || st.ContainFailures != 0 {
			t.Errorf("%s: %d of %d accepted programs contained, %d outside", name, st.Contained, st.Accepted, st.ContainFailures)
		}
		for _, s := range snippets {
			if !s.modern && !seen[name][s.name] {
				t.Errorf("%s accepted no program with snippet %s", name, s.name)
			}
		}
	}
	t.Logf("\n%s", c.Stats.Report(1, 0))
}

// TestCheckerFindsFaults runs unsafe programs through the checker's run
// path (in checked mode, as if a verifier had accepted them): each must come
// back as a fault.
func TestCheckerFindsFaults(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string
	}{
		{"map value used without a NULL check", `
			r6 = r1
			*(u64 *)(r10 -8) = 100
			r1 = map[0]
			r2 = r10
			r2 += -8
			call 1
			r0 = *(u64 *)(r0 +0)
			exit`, "out-of-bounds read"},
		{"map value read one byte past its end", `
			*(u32 *)(r10 -4) = 3
			r1 = map[1]
			r2 = r10
			r2 += -4
			call 1
			if r0 == 0x0 goto pc+1
			r0 = *(u8 *)(r0 +24)
			exit`, "out-of-bounds read"},
		{"uninitialised stack read", `
			r0 = *(u64 *)(r10 -16)
			exit`, "uninitialised stack"},
		{"loop that never ends", `
			r0 = 0
			goto pc-1`, "budget"},
	}
	c := NewChecker(Options{Inputs: 3})
	for _, tc := range cases {
		insns, err := ir.Assemble(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		p := &ir.Program{Name: "unsafe", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: Maps(), License: "GPL"}
		f, err := c.execute(p, nil, 1, c.inputs(1), false)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if f == nil || f.Kind != "fault" || !strings.Contains(f.Detail, tc.want) {
			t.Errorf("%s: finding %+v, want a fault with %q", tc.name, f, tc.want)
		}
	}
}

// lyingEngine is the JIT, except that it returns r0+1 from any program
// that contains the marker instruction `r0 = 777`.
type lyingEngine struct{}

type lyingProgram struct {
	engine.Compiled
	lie bool
}

func (lyingEngine) Name() string { return "liar" }

func (lyingEngine) Compile(p *engine.Program) (engine.Compiled, error) {
	c, err := jit.Engine().Compile(p)
	if err != nil {
		return nil, err
	}
	lie := false
	for _, ins := range p.Insns {
		lie = lie || ins == movImm(ir.R0, 777)
	}
	return lyingProgram{c, lie}, nil
}

func (l lyingProgram) Run(r engine.Run) (uint64, bool, error) {
	r0, tail, err := l.Compiled.Run(r)
	if l.lie && !tail {
		r0++
	}
	return r0, tail, err
}

// TestCheckerFindsMismatchAndMinimises gives the checker an engine that
// lies about one instruction: the disagreement is found and minimised to
// the few instructions that need it.
func TestCheckerFindsMismatchAndMinimises(t *testing.T) {
	if !jit.Supported() {
		t.Skip("no JIT on this platform")
	}
	src := `
		r6 = r1
		r7 = 5
		*(u64 *)(r10 -8) = r7
		r1 = map[0]
		r2 = r10
		r2 += -8
		call 1
		if r0 == 0x0 goto pc+1
		r7 = *(u64 *)(r0 +8)
		r7 += 3
		r0 = 777
		r8 = r7
		exit`
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "liar", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: Maps(), License: "GPL"}
	c := NewChecker(Options{Inputs: 2, Minimise: true, Profiles: []string{"linux-4.2"}})
	c.engines = append(c.engines, namedEngine{"liar", lyingEngine{}})
	found, err := c.CheckProgram(p, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Kind != "mismatch" {
		t.Fatalf("findings %v, want one mismatch", found)
	}
	want, _ := ir.Assemble("r0 = 777\nexit")
	if diff := cmp.Diff(want, found[0].Minimal.Insns); diff != "" {
		t.Errorf("minimised program (-want +got):\n%s\n%s", diff, found[0].Reproducer())
	}
	if c.Stats.Findings() != 1 {
		t.Errorf("Stats.Findings() = %d, want 1", c.Stats.Findings())
	}
}

// TestRemoveRetargetsJumps checks the minimiser's instruction removal:
// jumps and local calls over the removed slots keep their targets, and a
// jump into them lands on the next slot.
func TestRemoveRetargetsJumps(t *testing.T) {
	in, err := ir.Assemble(`
		if r1 == 0x1 goto pc+3
		r0 = 1
		r0 = 2
		r0 = 3
		call pc+1
		exit
		r0 = 4
		goto pc-6
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := remove(in, 1, 2)
	if !ok {
		t.Fatal("remove failed")
	}
	want, _ := ir.Assemble(`
		if r1 == 0x1 goto pc+1
		r0 = 3
		call pc+1
		exit
		r0 = 4
		goto pc-5
		exit`)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestReproducerReassembles checks that a reproducer's program text is
// the verifier log's syntax that the assembler reads back.
func TestReproducerReassembles(t *testing.T) {
	for seed := int64(1); seed <= 200; seed++ {
		p := Generate(seed)
		f := &Finding{Kind: "fault", Seed: seed, Input: NewInput(seed), Program: p}
		text := f.Reproducer()
		var prog []string
		for _, l := range strings.Split(text, "\n") {
			if i := strings.Index(l, ": ("); i > 0 && !strings.Contains(l[:i], " ") {
				prog = append(prog, l)
			}
		}
		got, err := ir.Assemble(strings.Join(prog, "\n"))
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, text)
		}
		if diff := cmp.Diff(p.Insns, got); diff != "" {
			t.Fatalf("seed %d (-want +got):\n%s", seed, diff)
		}
	}
}

// TestGenerateIsDeterministic: the seed alone decides program and input.
func TestGenerateIsDeterministic(t *testing.T) {
	for seed := int64(0); seed < 50; seed++ {
		if diff := cmp.Diff(Generate(seed), Generate(seed)); diff != "" {
			t.Fatalf("seed %d: %s", seed, diff)
		}
		if diff := cmp.Diff(NewInput(seed).String(), NewInput(seed).String()); diff != "" {
			t.Fatalf("input seed %d: %s", seed, diff)
		}
	}
}
