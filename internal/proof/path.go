package proof

import (
	"fmt"
	"time"

	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/smt"
)

// decision is the answer on one obligation: its status, the time taken,
// the query as SMT-LIB2 (when the solver keeps it) and what decided it.
type decision struct {
	status Status
	time   time.Duration
	cpu    time.Duration // the solver thread's CPU time
	smt2   string
	by     string // "solver" or "simplifier"
}

// decide asks whether fault can hold on the current path. On sat, onSat
// runs with the model available.
func (s *Solver) decide(f safety, onSat func()) (decision, error) {
	c := s.c
	start := time.Now()
	if !s.SMT2 {
		// Ask the simplifier first: a condition on constant offsets (most
		// stack and context accesses) is decided without a solver call.
		if v, ok := f.fault.BoolConst(); ok && !v {
			return decision{status: Proved, time: time.Since(start), by: "simplifier"}, nil
		}
	}
	d := decision{by: "solver"}
	c.Push()
	defer c.Pop()
	if err := c.Assert(f.fault); err != nil {
		return d, err
	}
	if s.SMT2 {
		d.smt2 = c.SMTLIB() + "(check-sat)\n"
	}
	var r smt.Result
	var err error
	if f.below.Valid() {
		// The hint first: fault is asserted, so a model is a witness;
		// if there is none, the full query below decides.
		c.Push()
		err = c.Assert(f.below)
		if err == nil {
			d.time, d.cpu = measure(func() { r, err = c.Check() })
		}
		if err == nil && r == smt.Sat {
			if onSat != nil {
				onSat()
			}
			c.Pop()
			d.status = Failed
			return d, nil
		}
		c.Pop()
		if err != nil {
			return d, err
		}
	}
	t0, c0 := d.time, d.cpu
	d.time, d.cpu = measure(func() { r, err = c.Check() })
	d.time, d.cpu = d.time+t0, d.cpu+c0
	if err != nil {
		return d, err
	}
	switch r {
	case smt.Unsat:
		d.status = Proved
		if f.never {
			d.status = Failed // no witness, but never provable either
		}
	case smt.Sat:
		if onSat != nil {
			onSat()
		}
		d.status = Failed
	}
	return d, nil
}

// obligationOf turns a check at insn into an Obligation.
func obligationOf(insn int, ck check) Obligation {
	return Obligation{Insn: insn, Kind: ck.kind, Reg: ck.reg, Region: ck.s.region, Off: ck.off, Size: ck.size,
		Write: ck.write, Condition: ck.s.cond, By: "solver"}
}

// followPath encodes the walked path (instructions in order, ending at the
// rejected one). Each check before the end is decided and then assumed
// (the program survived it); at the last instruction, target is called
// with the state there.
func (s *Solver) followPath(e *encoder, path []int, onCheck func(Obligation, bool), target func(*state, int) error) error {
	if i := callbackUse(e.prog); i >= 0 {
		return &errUnmodelled{i, "a function address (a callback a helper runs)"}
	}
	st, err := e.initial()
	if err != nil {
		return err
	}
	for i, idx := range path {
		if idx < 0 || idx >= len(e.prog.Insns) {
			return fmt.Errorf("path leaves the program at insn %d", idx)
		}
		if i == len(path)-1 {
			return target(st, idx)
		}
		for _, ck := range e.memChecks(st, idx) {
			o := obligationOf(idx, ck)
			d, err := s.decide(ck.s, nil)
			if err != nil {
				return err
			}
			o.Status, o.Time, o.CPU, o.SMT2, o.By = d.status, d.time, d.cpu, d.smt2, d.by
			onCheck(o, false)
			if err := e.c.Assert(ck.s.fault.Not()); err != nil {
				return err
			}
		}
		if ins := e.prog.Insns[idx]; ins.Opcode == ir.OpCall && ins.Src == ir.CallLocal && path[i+1] == idx+1 {
			// A global function the walk did not enter: its result and
			// its effect on memory are unknown.
			e.havoc(st)
			e.clobber(st)
			st.regs[0] = value{v: e.fresh("ret", 64), init: true}
			continue
		}
		next, tgt, cond, isCond, exit, err := e.step(st, idx)
		if err != nil {
			return err
		}
		if exit {
			return fmt.Errorf("path exits at insn %d before its end", idx)
		}
		succ := path[i+1]
		if isCond {
			switch {
			case succ == tgt && succ == next:
			case succ == tgt:
				err = e.c.Assert(cond)
			case succ == next:
				err = e.c.Assert(cond.Not())
			default:
				return fmt.Errorf("path goes from insn %d to %d, not a successor", idx, succ)
			}
			if err != nil {
				return err
			}
		} else if succ != next {
			return fmt.Errorf("path goes from insn %d to %d, not its successor %d", idx, succ, next)
		}
	}
	return fmt.Errorf("empty path")
}

// insnKind names an instruction for the "reach" obligation.
func insnKind(ins ir.Instruction) string { return ins.Opcode.Class().String() }
