package soundness

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// maxStatesPerInsn bounds the abstract states kept per instruction for the
// concrete-in-abstract check; an instruction with more is not checked.
const maxStatesPerInsn = 512

// maxTrace bounds the instructions of one traced run.
const maxTrace = 1 << 16

// contain is the concrete-in-abstract check: it verifies p in profile
// with absint.Options.OnState, runs it on the checked interpreter with
// exec.Options.OnInsn on one input, and reports the first instruction
// where no abstract state the verifier saw there contains the concrete
// value of every live scalar register. ok is false when the profile
// reports no states (the kernel profiles) or the program is not accepted.
func contain(profile string, p *ir.Program, in *Input) (failure string, ok bool, err error) {
	failure, steps, err := containSteps(profile, p, in)
	return failure, steps > 0, err
}

// containSteps is contain that returns the number of instructions checked.
func containSteps(profile string, p *ir.Program, in *Input) (failure string, steps int, err error) {
	states := map[int][][11]absint.RegState{}
	full := map[int]bool{}
	res, err := absint.Verify(p, absint.Options{Profile: profile, OnState: func(insn int, regs *[11]absint.RegState) {
		if len(states[insn]) >= maxStatesPerInsn {
			full[insn] = true
			return
		}
		states[insn] = append(states[insn], *regs)
	}})
	if err != nil || res.Verdict != absint.Accept || len(states) == 0 {
		return "", 0, err
	}
	type step struct {
		pc   int
		regs [11]uint64
	}
	var trace []step
	shared, err := exec.NewMaps(p)
	if err != nil {
		return "", 0, err
	}
	r, err := loadTraced("interp traced", p, nil, nil, shared, func(pc int, regs *[16]uint64) {
		if len(trace) < maxTrace {
			var s step
			s.pc = pc
			copy(s.regs[:], regs[:11])
			trace = append(trace, s)
		}
	})
	if err != nil {
		return "", 0, err
	}
	defer r.close()
	if o := r.run(in); o.err != "" {
		return "", 0, nil // a fault: the run checks report it
	}
	for _, s := range trace {
		if full[s.pc] {
			continue
		}
		steps++
		if !covered(states[s.pc], &s.regs) {
			return describe(s.pc, &s.regs, states[s.pc]), steps, nil
		}
	}
	return "", steps, nil
}

// covered reports whether one of the abstract states contains the
// concrete values of all its live scalar registers.
func covered(states [][11]absint.RegState, regs *[11]uint64) bool {
	for i := range states {
		ok := true
		for r := 0; r < 10 && ok; r++ {
			a := &states[i][r]
			if a.Live && a.Type == "scalar" && !a.Value.Contains(regs[r]) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func describe(pc int, regs *[11]uint64, states [][11]absint.RegState) string {
	s := fmt.Sprintf("insn %d: concrete state outside all %d abstract states:", pc, len(states))
	for r := 0; r < 10; r++ {
		s += fmt.Sprintf(" r%d=%#x", r, regs[r])
	}
	if len(states) > 0 {
		s += "\nfirst abstract state:"
		for r := 0; r < 10; r++ {
			if a := states[0][r]; a.Live && a.Type == "scalar" {
				s += fmt.Sprintf(" r%d=%s", r, a.Value)
			}
		}
	}
	return s
}
