package soundness

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/internal/proof"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Options configure a Checker.
type Options struct {
	Profiles []string // profiles to verify in; nil: absint.ProfileNames()
	Inputs   int      // inputs per accepted program (0: 8)
	NoJIT    bool     // run on the interpreter only
	Minimise bool     // minimise the program of every finding
	// NoContain skips the concrete-in-abstract check (one traced run per
	// accepted program in every profile that reports abstract states).
	NoContain bool
}

// ProfileStats count what one profile did with the generated programs.
type ProfileStats struct {
	Accepted    int // accepted without warnings
	Warned      int // accepted with the kernel's known-unsafe warnings
	Rejected    int
	Unsupported int
	Faults      int // cleanly accepted programs that faulted or ran differently on two engines: soundness bugs
	Expected    int // faults the profile permits: accepted with warnings, or privileged uninitialised stack reads
	Gaps        int // faults where the engines do not model what the profile rightly accepts
	// Contained counts the programs whose traced run was checked against
	// the abstract states; ContainFailures those with a concrete state
	// outside them (soundness bugs); Uncontained the cleanly accepted
	// programs that ran without fault but were not checked (Stats.Causes
	// says why). In a profile without warnings, Accepted = Faults +
	// Expected + Gaps + Contained + Uncontained (Expected also counts the
	// faults of programs accepted with warnings).
	Contained, ContainFailures, Uncontained int
	// Discharged counts the accepted programs whose acceptance needed the
	// solver (precise: bounds the domain could not prove).
	Discharged int
}

// Stats count a Checker's work.
type Stats struct {
	Programs   int // generated
	Executed   int // accepted by at least one profile, so run
	Runs       int // program executions, over all engines and modes
	Mismatches int // programs whose engines disagreed (each ends as a finding or is explained)
	// ExplainedMismatches counts the mismatches that are not findings:
	// every profile that accepted the program did so with warnings or
	// permits what made the engines differ (Causes names why, with the
	// kind "mismatch").
	ExplainedMismatches int
	Bugs                int                      // findings: faults in cleanly accepted programs and mismatches
	Profiles            map[string]*ProfileStats // by profile name
	// Causes counts the non-bug faults by profile and cause, with the
	// first program seed of each.
	Causes map[string]*Cause
}

// Cause is one kind of fault that is not a soundness bug.
type Cause struct {
	Count int
	Seed  int64 // the first program seed with this cause
}

func (s *Stats) note(profile, why string, seed int64) {
	if s.Causes == nil {
		s.Causes = map[string]*Cause{}
	}
	k := profile + ": " + why
	if s.Causes[k] == nil {
		s.Causes[k] = &Cause{Seed: seed}
	}
	s.Causes[k].Count++
}

// Finding is a soundness bug: an accepted program that faulted, or engines
// that disagreed.
type Finding struct {
	Kind     string // "fault" or "mismatch"
	Profiles []string
	Seed     int64 // the program's seed (Generate)
	Input    *Input
	Engine   string // the engine and mode that faulted or disagreed
	Detail   string // the fault, or both outcomes
	mismatch bool   // engines disagreed (Stats.Mismatches counted it)
	Program  *ir.Program
	Minimal  *ir.Program // the minimised program, when minimisation ran
}

// Reproducer prints the finding with its (minimised) program in the
// verifier log's assembly syntax, which `bpfcheck asm` reads back.
func (f *Finding) Reproducer() string {
	p := f.Program
	if f.Minimal != nil {
		p = f.Minimal
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s: program seed %d (%s, %s), engine %s\n%s\n%s\n", f.Kind, strings.Join(f.Profiles, ","), f.Seed, p.Type, p.Section, f.Engine, f.Detail, f.Input)
	for i, m := range p.Maps {
		fmt.Fprintf(&b, "--map %s:%d:%d:%d  # map[%d] %s\n", m.Type, m.KeySize, m.ValueSize, m.MaxEntries, i, m.Name)
	}
	b.WriteString(ir.Disassemble(p.Insns))
	return b.String()
}

// Checker verifies generated programs and runs the accepted ones.
type Checker struct {
	opts       Options
	engines    []namedEngine
	uninitOK   map[string]bool // profiles that allow reads of unwritten stack
	solver     *proof.Solver   // the precise profile's (one per checker: not safe for concurrent use)
	solverErr  error
	discharged bool // the last verification's acceptance needed the solver
	Stats      Stats
	Findings   []*Finding
}

// NewChecker returns a Checker.
func NewChecker(opts Options) *Checker {
	if opts.Profiles == nil {
		opts.Profiles = absint.ProfileNames()
	}
	if opts.Inputs == 0 {
		opts.Inputs = 8
	}
	c := &Checker{opts: opts, engines: engines(!opts.NoJIT), Stats: Stats{Profiles: map[string]*ProfileStats{}}}
	for _, p := range opts.Profiles {
		c.Stats.Profiles[p] = &ProfileStats{}
	}
	return c
}

// options are the verify options of a profile: the precise profile's
// deferred bounds go to the checker's solver (without one, as without cgo,
// precise rejects them as linux-6.18 does).
func (c *Checker) options(name string) absint.Options {
	o := absint.Options{Profile: name}
	prof, err := absint.LookupProfile(name)
	if err != nil || !prof.Refine {
		return o
	}
	if c.solver == nil && c.solverErr == nil {
		c.solver, c.solverErr = proof.New()
	}
	if c.solver != nil {
		d := c.solver.Discharge()
		o.Discharge = func(p *ir.Program, insns []int) absint.Discharged {
			ok := d(p, insns)
			c.discharged = c.discharged || ok.Proved
			return ok
		}
	}
	return o
}

// SolverError is why the precise profile runs without its solver (nil when
// it has one or was not asked for).
func (c *Checker) SolverError() error { return c.solverErr }

// Close releases the checker's solver.
func (c *Checker) Close() { c.solver.Close() }

// verdicts verifies p in every profile: the profiles that accepted it
// cleanly, those that accepted it with warnings, and one Verified.
func (c *Checker) verdicts(p *ir.Program, count bool) (clean, warned []string, v *absint.Verified, err error) {
	for _, name := range c.opts.Profiles {
		c.discharged = false
		res, err := absint.Verify(p, c.options(name))
		if err != nil {
			return nil, nil, nil, err
		}
		st := c.Stats.Profiles[name]
		switch {
		case res.Verdict == absint.Accept && len(res.Warnings) == 0:
			clean = append(clean, name)
			if count {
				st.Accepted++
				if c.discharged {
					st.Discharged++
				}
			}
		case res.Verdict == absint.Accept:
			warned = append(warned, name)
			if count {
				st.Warned++
			}
		case res.Verdict == absint.Unsupported:
			if count {
				st.Unsupported++
			}
		default:
			if count {
				st.Rejected++
			}
		}
		if res.Verified != nil && v == nil {
			v = res.Verified
		}
	}
	return clean, warned, v, nil
}

// Check generates the program of seed, verifies it in every profile and,
// if any accepts it, runs it on every input and engine. It returns the
// findings it added.
func (c *Checker) Check(seed int64) ([]*Finding, error) {
	c.Stats.Programs++
	p, info := generate(seed)
	return c.check(p, seed, info.uninit)
}

// CheckProgram is Check for a given program; seed names it in findings and
// derives its inputs.
func (c *Checker) CheckProgram(p *ir.Program, seed int64) ([]*Finding, error) {
	return c.check(p, seed, false)
}

// check runs the checks; uninit says the program may read stack it never
// wrote (engines may then disagree where the profile allows such reads).
func (c *Checker) check(p *ir.Program, seed int64, uninit bool) ([]*Finding, error) {
	clean, warned, v, err := c.verdicts(p, true)
	if err != nil || v == nil {
		return nil, err
	}
	c.Stats.Executed++
	inputs := c.inputs(seed)
	f, err := c.execute(p, v, seed, inputs, true)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return c.containment(p, seed, clean, inputs[0])
	}
	// Every fault and mismatch ends either as a finding or counted under a
	// cause in Stats.Causes (with its kind), so the report accounts for
	// each mismatch Stats.Mismatches counts.
	for _, name := range warned {
		c.Stats.Profiles[name].Expected++
		c.Stats.note(name, "permitted: accepted with the kernel's known-unsafe warnings ("+f.Kind+")", seed)
	}
	var bug []string
	for _, name := range clean {
		st := c.Stats.Profiles[name]
		switch cause, why := c.classify(name, p, f, uninit); cause {
		case causeBug:
			st.Faults++
			bug = append(bug, name)
		case causePermitted:
			st.Expected++
			c.Stats.note(name, "permitted: "+why+" ("+f.Kind+")", seed)
		default:
			st.Gaps++
			c.Stats.note(name, "model gap: "+why+" ("+f.Kind+")", seed)
		}
	}
	if len(bug) == 0 {
		if f.mismatch {
			c.Stats.ExplainedMismatches++
		}
		return nil, nil
	}
	f.Profiles = bug
	if c.opts.Minimise {
		f.Minimal = c.minimise(f)
	}
	c.Findings = append(c.Findings, f)
	c.Stats.Bugs++
	return []*Finding{f}, nil
}

// containment runs the concrete-in-abstract check (Options.OnState) in
// every profile that accepted p cleanly.
func (c *Checker) containment(p *ir.Program, seed int64, clean []string, in *Input) ([]*Finding, error) {
	var found []*Finding
	for _, name := range clean {
		st := c.Stats.Profiles[name]
		if c.opts.NoContain {
			st.Uncontained++
			continue
		}
		failure, steps, why, err := containSteps(name, p, in, c.options(name))
		if err != nil {
			return found, err
		}
		if steps == 0 {
			st.Uncontained++
			c.Stats.note(name, "not checked for containment: "+why, seed)
			continue
		}
		st.Contained++
		if failure == "" {
			continue
		}
		st.ContainFailures++
		f := &Finding{Kind: "containment", Profiles: []string{name}, Seed: seed, Input: in, Engine: "interp traced", Detail: failure, Program: p}
		c.Findings = append(c.Findings, f)
		c.Stats.Bugs++
		found = append(found, f)
	}
	return found, nil
}

// inputs are the inputs of the program of seed.
func (c *Checker) inputs(seed int64) []*Input {
	in := make([]*Input, c.opts.Inputs)
	for k := range in {
		in[k] = NewInput(seed*1_000_003 + int64(k))
	}
	return in
}

// execute runs p on every input and engine, checked then verified, and
// returns the first fault or disagreement.
func (c *Checker) execute(p *ir.Program, v *absint.Verified, seed int64, inputs []*Input, count bool) (*Finding, error) {
	shared, err := exec.NewMaps(p)
	if err != nil {
		return nil, err
	}
	var runners []*runner
	defer func() {
		for _, r := range runners {
			r.close()
		}
	}()
	modes := []*absint.Verified{nil, v}
	if v == nil {
		modes = modes[:1] // tests: an unverified program runs in checked mode only
	}
	for _, e := range c.engines {
		for _, verified := range modes {
			name := e.name + " checked"
			if verified != nil {
				name = e.name + " verified"
			}
			r, err := load(name, p, verified, e.engine, shared)
			if verified != nil && errors.Is(err, exec.ErrNoModel) {
				continue // exec refuses to run it verified: no model of its context
			}
			if err != nil {
				return nil, fmt.Errorf("program seed %d: loading on %s: %w", seed, name, err)
			}
			runners = append(runners, r)
		}
	}
	for _, in := range inputs {
		var ref outcome
		// Parts of the outcome that differ between two runs of the same
		// engine on the same input depend on addresses (a returned or
		// stored context pointer): they are not compared.
		var r0Varies, stateVaries bool
		for i, r := range runners {
			if !r.checked && ref.err != "" {
				continue // a verified run of a faulting program could touch foreign memory
			}
			o := r.run(in)
			if count {
				c.Stats.Runs++
			}
			if i == 0 {
				ref = o
				if o.err != "" {
					return &Finding{Kind: "fault", Seed: seed, Input: in, Engine: r.name, Detail: o.err, Program: p}, nil
				}
				again := r.run(in) // the first run's context is still alive, so this one's lies elsewhere
				if count {
					c.Stats.Runs++
				}
				if again.err != "" {
					return &Finding{Kind: "fault", Seed: seed, Input: in, Engine: r.name + " (second run)", Detail: again.err, Program: p}, nil
				}
				r0Varies, stateVaries = again.r0 != o.r0 || again.inPacket != o.inPacket, again.state != o.state
				continue
			}
			if differ(ref, o, r0Varies, stateVaries) {
				if count {
					c.Stats.Mismatches++
				}
				kind := "mismatch"
				if o.err != "" && r.checked {
					kind = "fault"
				}
				return &Finding{Kind: kind, Seed: seed, Input: in, Engine: r.name, Program: p, mismatch: true,
					Detail: fmt.Sprintf("%s: r0=%s err=%q %s\n%s: r0=%s err=%q %s", runners[0].name, ref.r0String(), ref.err, ref.state, r.name, o.r0String(), o.err, o.state)}, nil
			}
		}
	}
	return nil, nil
}

// differ reports whether outcome o disagrees with the reference: in the
// error, in r0 unless r0 varied between two reference runs (an address),
// or in the state unless that varied. r0 values in the packet buffer are
// compared by their offset there (packetOffset).
func differ(ref, o outcome, r0Varies, stateVaries bool) bool {
	r0 := o.r0 != ref.r0 || o.inPacket != ref.inPacket
	return o.err != ref.err || (r0 && !r0Varies) || (o.state != ref.state && !stateVaries)
}
