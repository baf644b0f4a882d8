package proof

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Explanation is the evidence for one rejection: the path, every obligation
// on it with the solver's verdict (the rejected one last), a witness for the
// rejected one and its replay.
type Explanation struct {
	Path        []int
	Obligations []Obligation
	// MemoryFault is set when some input that takes the path makes the
	// rejected instruction touch memory the run does not own (or read
	// unwritten stack): the rejection's cause is a memory fault.
	MemoryFault bool
	Witness     *Witness
	Replay      *Replay
	// Stricter, when the replay did not confirm a fault, names the
	// kernel rule that is stricter than memory safety here.
	Stricter string
	// Infeasible is set when no input takes the rejected path: the
	// kernel's abstraction walked a path the program cannot run.
	Infeasible bool
	// Unobservable, for a memory fault, says why exec's checked mode
	// cannot see it (so the replay cannot confirm it).
	Unobservable string
	// Unmodelled is set when the path uses something the encoding does not
	// cover; the explanation then has no witness.
	Unmodelled string

	maybeUnobservable string // Unobservable, if the replay does not confirm
}

// limitCodes are rejections for the walk's size, not for any instruction.
var limitCodes = map[string]bool{"too-many-processed": true, "too-complex": true}

// PathOf returns the rejected path of a result: the kernel profiles'
// Result.Path (absint.Options.Path) or the modern profiles' Failure.Path.
func PathOf(res *absint.Result) []int {
	if res.Path != nil {
		return res.Path
	}
	if res.Failure == nil {
		return nil
	}
	path := make([]int, len(res.Failure.Path))
	for i, s := range res.Failure.Path {
		path[i] = s.Insn
	}
	return path
}

// Failed returns the rejected obligation (the last), or nil.
func (x *Explanation) Failed() *Obligation {
	if len(x.Obligations) == 0 {
		return nil
	}
	return &x.Obligations[len(x.Obligations)-1]
}

// Explain proves a rejection: res must come from absint.Verify under
// profile with Options.Path set. Rejections made before the walk have no
// path and get only the rule.
func (s *Solver) Explain(p *ir.Program, res *absint.Result, profile string) (*Explanation, error) {
	prof, err := absint.LookupProfile(profile)
	if err != nil {
		return nil, err
	}
	if res.Verdict != absint.Reject || res.Diag == nil {
		return nil, fmt.Errorf("proof: %s was not rejected", p.Name)
	}
	x := &Explanation{Path: PathOf(res)}
	if len(x.Path) == 0 || limitCodes[res.Diag.Code] {
		x.Stricter = rule(res.Diag, false)
		return x, nil
	}
	modern := prof.Modern
	safeThroughCalls := false
	if skipsCalls(p, x.Path) {
		// The walk stepped over calls to global functions (verified on
		// their own): find a whole path, through the callees, on which an
		// input makes the rejected instruction fault.
		if all, err := s.explore(p, modern, false, nil); err == nil {
			if path, ok := all.FailPath[res.Diag.Insn]; ok {
				x.Path = path
			} else if !all.Truncated && all.Unmodelled == "" {
				safeThroughCalls = true
			}
		}
	}
	s.c.Push()
	defer s.c.Pop()
	e := &encoder{c: s.c, prog: p, modern: modern}
	err = s.followPath(e, x.Path, func(o Obligation, _ bool) { x.Obligations = append(x.Obligations, o) },
		func(st *state, idx int) error { return s.target(e, st, idx, x) })
	var um *errUnmodelled
	if errors.As(err, &um) {
		x.Unmodelled = um.Error()
		x.Stricter = rule(res.Diag, false)
		return x, nil
	}
	if err != nil {
		return nil, err
	}
	switch {
	case x.Witness != nil && e.ctxPointers:
		x.Replay = &Replay{FaultInsn: -1, Fault: "not replayed: exec's contexts have no data_meta or socket pointers"}
	case x.Witness != nil:
		rep, err := ReplayWitness(p, x.Witness, res.Diag.Insn)
		if err != nil {
			return nil, err
		}
		// A fault the formula does not predict is the interpreter's
		// model differing from the kernel's, not a confirmation.
		rep.Confirmed = rep.Confirmed && x.MemoryFault
		x.Replay = rep
		if !rep.Confirmed && rep.FaultInsn < 0 && x.maybeUnobservable != "" {
			x.Unobservable = x.maybeUnobservable
		}
		if !rep.Confirmed && strings.HasPrefix(rep.Fault, "the checked interpreter refuses the program") {
			x.Unobservable = rep.Fault
		}
		if f := rep.FaultInsn; !rep.Confirmed && f >= 0 && f < len(p.Insns) && p.Insns[f].Opcode == ir.OpCall && strings.Contains(rep.Fault, "does not run here") {
			// The path calls a helper exec has no model of: the replay
			// stops there, before the fault.
			x.Unobservable = fmt.Sprintf("the path calls helper %d at insn %d, which exec cannot run", p.Insns[f].Imm, f)
		}
	}
	if safeThroughCalls && x.MemoryFault {
		// The fault exists only if the global function could return
		// anything: following it, no input makes the access fault.
		x.MemoryFault, x.Unobservable = false, ""
		x.Stricter = "the kernel verifies a global function on its own and knows nothing of its result; following the call, no input makes this access fault (" + res.Diag.Code + ": " + res.Diag.Message + ")"
		return x, nil
	}
	switch {
	case x.Infeasible:
		x.Stricter = "no input takes the rejected path: the kernel's abstraction walked a path the program cannot run (" + res.Diag.Code + ": " + res.Diag.Message + ")"
	case x.Unobservable != "" && x.Replay != nil && !x.Replay.Confirmed:
		x.Stricter = "a memory fault exists, but " + x.Unobservable
	case x.Replay == nil || !x.Replay.Confirmed:
		x.Stricter = rule(res.Diag, x.MemoryFault)
	}
	return x, nil
}

// skipsCalls reports whether path steps over a bpf-to-bpf call (from the
// call straight to the instruction after it).
func skipsCalls(p *ir.Program, path []int) bool {
	for i := 0; i+1 < len(path); i++ {
		if k := path[i]; k >= 0 && k < len(p.Insns) && p.Insns[k].Opcode == ir.OpCall && p.Insns[k].Src == ir.CallLocal && path[i+1] == k+1 {
			return true
		}
	}
	return false
}

// target decides the rejected instruction: a memory fault some input
// causes, else just reaching it (the kernel's rule is then what rejects).
func (s *Solver) target(e *encoder, st *state, idx int, x *Explanation) error {
	for _, ck := range e.memChecks(st, idx) {
		o := obligationOf(idx, ck)
		var w *Witness
		var off uint64
		dec, err := s.decide(ck.s, func() { w = e.extract(st, ck.s.prefer, ck.s.stackOff, &off) })
		if err != nil {
			return err
		}
		status := dec.status
		o.Status, o.Time, o.CPU, o.SMT2, o.By = dec.status, dec.time, dec.cpu, dec.smt2, dec.by
		if status == Failed && w != nil {
			x.Obligations = append(x.Obligations, o)
			x.MemoryFault, x.Witness = true, w
			switch o := int64(off); {
			case ck.s.stackOff.Valid() && o < -stackSize && o >= -8*stackSize:
				x.Unobservable = fmt.Sprintf("the access at fp%d lies below the frame but inside the stack exec keeps for deeper calls, where its checked mode does not see it", o)
			case ck.s.stackOff.Valid() && (o < -8*stackSize || o > 0):
				// Only if the replay misses it: exec's checked mode has no
				// pointer provenance, and an address this far from the
				// stack can land in other memory of the run (its packet
				// buffers are mapped near the stack).
				x.maybeUnobservable = fmt.Sprintf("the access at fp%+d lies outside exec's stack, and exec's checked mode, which has no pointer provenance, found memory of the run there", o)
			}
			return nil
		}
	}
	// No memory fault: the witness only has to reach the instruction.
	o := Obligation{Insn: idx, Kind: "reach", Region: "-", Condition: "the instruction is reachable", By: "solver"}
	var w *Witness
	dec, err := s.decide(safety{fault: e.c.Bool(true)}, func() { w = e.extract(st, termT{}, termT{}, nil) })
	if err != nil {
		return err
	}
	status := dec.status
	o.Status, o.Time, o.CPU, o.SMT2, o.By = dec.status, dec.time, dec.cpu, dec.smt2, dec.by
	x.Obligations = append(x.Obligations, o)
	x.Witness = w
	x.Infeasible = status == Proved
	return nil
}
