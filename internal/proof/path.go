package proof

import (
	"fmt"
	"time"

	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/smt"
)

// decide asks whether fault can hold on the current path. On sat, onSat
// runs with the model available. The query's SMT-LIB2 text is returned
// when the solver keeps it.
func (s *Solver) decide(f safety, onSat func()) (Status, time.Duration, string, error) {
	c := s.c
	c.Push()
	defer c.Pop()
	if err := c.Assert(f.fault); err != nil {
		return Unknown, 0, "", err
	}
	script := ""
	if s.SMT2 {
		script = c.SMTLIB() + "(check-sat)\n"
	}
	start := time.Now()
	r, err := c.Check()
	d := time.Since(start)
	if err != nil {
		return Unknown, d, script, err
	}
	switch r {
	case smt.Unsat:
		if f.never {
			return Failed, d, script, nil // no witness, but never provable either
		}
		return Proved, d, script, nil
	case smt.Sat:
		if onSat != nil {
			onSat()
		}
		return Failed, d, script, nil
	}
	return Unknown, d, script, nil
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
			st2, d, script, err := s.decide(ck.s, nil)
			if err != nil {
				return err
			}
			o.Status, o.Time, o.SMT2 = st2, d, script
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
