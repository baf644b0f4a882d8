package proof

import (
	"errors"
	"slices"

	"github.com/bpfcheck/bpfcheck/smt"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Safety is the proof of an accepted program: every obligation of every
// feasible path (up to the limits), decided by the solver. An obligation
// met on several paths is Proved only if it holds on all of them.
type Safety struct {
	Obligations []Obligation // one per instruction and check, in instruction order
	Paths       int          // feasible paths explored
	Truncated   bool         // the limits stopped the exploration: Unknown for the rest
	Unmodelled  string
	// FailPath gives, for each instruction with a failed obligation, the
	// first path (instructions in order, ending there) on which an input
	// makes it fail.
	FailPath map[int][]int
}

// Limits of the exploration of an accepted program's paths.
const (
	maxPaths = 256
	maxSteps = 1 << 16
)

// Prove explores, for profile, the feasible paths of p (loop-free, as the kernel
// profiles require, or bounded by the limits) and decides every memory
// obligation on each: this is the solver's re-check of what the abstract
// interpreter accepted.
func (s *Solver) Prove(p *ir.Program, profile string) (*Safety, error) {
	prof, err := absint.LookupProfile(profile)
	if err != nil {
		return nil, err
	}
	return s.explore(p, prof.Modern, true, nil)
}

// explore walks every feasible path of p and decides every obligation on
// each; shared makes loads from map values and the packet fresh values
// (proofs), else they are consistent (witnesses). With only set, the
// obligations of other instructions are not decided but assumed (the
// domain proved them; the precise profile's Discharge asks only about
// what it deferred).
func (s *Solver) explore(p *ir.Program, modern, shared bool, only map[int]bool) (*Safety, error) {
	if i := callbackUse(p); i >= 0 {
		// A helper may run the function whose address the program takes:
		// its instructions run on no path the encoding follows.
		return &Safety{Unmodelled: (&errUnmodelled{i, "a function address (a callback a helper runs)"}).Error()}, nil
	}
	s.c.Push()
	defer s.c.Pop()
	e := &encoder{c: s.c, prog: p, modern: modern, shared: shared}
	st, err := e.initial()
	if err != nil {
		return nil, err
	}
	x := &Safety{FailPath: map[int][]int{}}
	byKey := map[[2]int]int{} // (insn, check index) -> obligation
	steps := 0
	var trail []int // the current path
	var walk func(st *state, idx int) error
	walk = func(st *state, idx int) error {
		depth := len(trail)
		defer func() { trail = trail[:depth] }()
		for {
			trail = append(trail, idx)
			if steps++; steps > maxSteps || x.Paths >= maxPaths {
				x.Truncated = true
				return nil
			}
			if idx < 0 || idx >= len(p.Insns) {
				return &errUnmodelled{idx, "a jump out of the program"}
			}
			for k, ck := range e.memChecks(st, idx) {
				if only != nil && !only[idx] {
					if err := s.c.Assert(ck.s.fault.Not()); err != nil {
						return err
					}
					continue
				}
				o := obligationOf(idx, ck)
				dec, err := s.decide(ck.s, nil)
				if err != nil {
					return err
				}
				status, d, script := dec.status, dec.time, dec.smt2
				o.CPU = dec.cpu
				o.By = dec.by
				if ck.s.lost && status == Failed {
					status = Unknown // not a fault the encoding can show
				}
				if _, seen := x.FailPath[idx]; status == Failed && !seen {
					x.FailPath[idx] = append([]int(nil), trail...)
				}
				key := [2]int{idx, k}
				if i, ok := byKey[key]; ok {
					old := &x.Obligations[i]
					old.Time += d
					old.CPU += dec.cpu
					if dec.by == "solver" {
						old.By = "solver"
					}
					if merged := merge(old.Status, status); merged != old.Status {
						old.Status, old.SMT2 = merged, script
					}
				} else {
					o.Status, o.Time, o.SMT2 = status, d, script
					byKey[key] = len(x.Obligations)
					x.Obligations = append(x.Obligations, o)
				}
				if err := s.c.Assert(ck.s.fault.Not()); err != nil {
					return err
				}
			}
			next, target, cond, isCond, exit, err := e.step(st, idx)
			if err != nil {
				return err
			}
			if exit {
				x.Paths++
				return nil
			}
			if !isCond {
				idx = next
				continue
			}
			known, constant := cond.BoolConst() // the simplifier decides the branch
			for _, side := range []struct {
				to    int
				taken bool
			}{{next, false}, {target, true}} {
				c := cond
				if !side.taken {
					c = cond.Not()
				}
				if constant {
					if known == side.taken {
						if err := walk(st.clone(), side.to); err != nil {
							return err
						}
					}
					continue
				}
				s.c.Push()
				if err := s.c.Assert(c); err != nil {
					s.c.Pop()
					return err
				}
				r, err := s.c.Check()
				if err == nil && r != smt.Unsat { // feasible, or unknown: explore it
					err = walk(st.clone(), side.to)
				}
				s.c.Pop()
				if err != nil {
					return err
				}
			}
			return nil
		}
	}
	err = walk(st, 0)
	var um *errUnmodelled
	if errors.As(err, &um) {
		x.Unmodelled = um.Error()
		return x, nil
	}
	if err != nil {
		return nil, err
	}
	return x, nil
}

// callbackUse is the first instruction that loads a function's address
// (ld_imm64 src 4), or -1.
func callbackUse(p *ir.Program) int {
	for i, in := range p.Insns {
		if in.Opcode.IsLoadImm64() && in.Src == ir.PseudoFunc {
			return i
		}
	}
	return -1
}

// merge is an obligation's status over two paths: failed on any, else
// unknown on any, else proved.
func merge(a, b Status) Status {
	switch {
	case a == Failed || b == Failed:
		return Failed
	case a == Unknown || b == Unknown:
		return Unknown
	}
	return Proved
}

// Counts summarises obligations as the JSON output's "obligations".
type Counts struct{ Total, Proved, Failed int }

// Count tallies obligations.
func Count(obs []Obligation) Counts {
	c := Counts{Total: len(obs)}
	for _, o := range obs {
		switch o.Status {
		case Proved:
			c.Proved++
		case Failed:
			c.Failed++
		}
	}
	return c
}

// Discharge is the precise profile's absint.Options.Discharge on this
// solver: every access at insns must be proved on every feasible path,
// with the exploration complete (no limit hit, nothing unmodelled). When
// one is not, the answer names it and, if an input makes it fault, the
// path to it.
func (s *Solver) Discharge() func(*ir.Program, []int) absint.Discharged {
	return func(p *ir.Program, insns []int) absint.Discharged {
		no := absint.Discharged{Insn: -1}
		if len(insns) > 0 {
			no.Insn = insns[0]
		}
		only := map[int]bool{}
		for _, i := range insns {
			only[i] = true
		}
		x, err := s.explore(p, true, true, only)
		if err != nil {
			return no
		}
		for _, o := range x.Obligations {
			if slices.Contains(insns, o.Insn) && o.Status == Failed {
				return absint.Discharged{Insn: o.Insn, Path: x.FailPath[o.Insn]}
			}
		}
		if x.Truncated || x.Unmodelled != "" {
			return no
		}
		for _, o := range x.Obligations {
			if slices.Contains(insns, o.Insn) && o.Status != Proved {
				return absint.Discharged{Insn: o.Insn}
			}
		}
		// An instruction with no obligation of its own (deferred pointer
		// arithmetic) needs nothing; one never reached on a feasible path
		// holds vacuously.
		return absint.Discharged{Proved: true}
	}
}
