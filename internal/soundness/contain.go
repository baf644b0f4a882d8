package soundness

import (
	"fmt"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/ir"
)

// maxStatesPerInsn bounds the abstract states kept per instruction for the
// concrete-in-abstract check; an instruction with more is not checked.
const maxStatesPerInsn = 512

// maxTrace bounds the instructions of one traced run.
const maxTrace = 1 << 16

// perturb, in tests, changes the abstract states the verifier reports
// before the check sees them (a verifier that lies), to show the check
// catches it.
var perturb func(insn int, regs *[11]absint.RegState)

// containSteps is the concrete-in-abstract check: it verifies p with opts
// and absint.Options.OnState, runs it on the checked interpreter with
// exec.Options.OnInsn on one input, and reports the first instruction
// where no abstract state the verifier saw there contains the concrete
// value of every live register (concrete.holds), and the number of
// instructions checked. With none checked, why says why.
func containSteps(profile string, p *ir.Program, in *Input, opts absint.Options) (failure string, steps int, why string, err error) {
	states := map[int][][11]absint.RegState{}
	full := map[int]bool{}
	opts.Profile = profile
	opts.OnState = func(insn int, regs *[11]absint.RegState) {
		if perturb != nil {
			perturb(insn, regs)
		}
		if len(states[insn]) >= maxStatesPerInsn {
			full[insn] = true
			return
		}
		states[insn] = append(states[insn], *regs)
	}
	res, err := absint.Verify(p, opts)
	if err != nil {
		return "", 0, "", err
	}
	if res.Verdict != absint.Accept {
		code := ""
		if res.Diag != nil {
			code = res.Diag.Code
		}
		return "", 0, "not accepted with the hook (" + code + ")", nil
	}
	if len(states) == 0 {
		return "", 0, "no states reported", nil
	}
	type step struct {
		pc   int
		regs [11]uint64
	}
	var trace []step
	shared, err := exec.NewMaps(p)
	if err != nil {
		return "", 0, "", err
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
		return "", 0, "", err
	}
	defer r.close()
	if o := r.run(in); o.err != "" {
		return "", 0, "the traced run faulted: " + o.err, nil // the runs' checks report faults
	}
	if len(trace) == 0 {
		return "", 0, "nothing traced", nil
	}
	prof, err := absint.LookupProfile(profile)
	if err != nil {
		return "", 0, "", err
	}
	env := &concrete{kernel: !prof.Modern, ctx: trace[0].regs[1], maps: r.maps}
	for _, s := range trace {
		if full[s.pc] {
			continue
		}
		steps++
		if !env.covered(states[s.pc], &s.regs) {
			return describe(s.pc, &s.regs, states[s.pc]), steps, "", nil
		}
	}
	if steps == 0 {
		return "", 0, "every instruction run had over 512 states", nil
	}
	return "", steps, "", nil
}

// concrete is what a traced run's addresses are: the context r1 pointed at
// when the run started, and the maps.
type concrete struct {
	kernel bool // the states are a kernel profile's (RegState)
	ctx    uint64
	maps   []*exec.Map
}

// covered reports whether one of the abstract states contains the
// concrete values of all its live registers (holds).
func (c *concrete) covered(states [][11]absint.RegState, regs *[11]uint64) bool {
	for i := range states {
		ok := true
		for r := 0; r < 11 && ok; r++ {
			ok = c.holds(&states[i][r], regs[r], regs[10])
		}
		if ok {
			return true
		}
	}
	return false
}

// holds reports whether the concrete value v of a register is in its
// abstract state a (fp is the run's R10). A modern profile's scalars are
// checked by their value; its pointers are not (their types carry no
// address here). A kernel profile's types are all checked: "imm" k holds k
// (sign- or zero-extended, as ALU64 or ALU moved it), "ctx" the context,
// "fp" R10 plus the offset, "map_ptr" the map's handle, "map_value" the
// first byte of one of the map's values, "map_value_or_null" that or 0.
func (c *concrete) holds(a *absint.RegState, v, fp uint64) bool {
	if !a.Live {
		return true
	}
	if a.Type == "scalar" {
		return a.Value.Contains(v)
	}
	if !c.kernel {
		return true
	}
	switch a.Type {
	case "imm":
		return v == uint64(int64(a.Off)) || v == uint64(uint32(a.Off))
	case "ctx":
		return v == c.ctx
	case "fp":
		return v == fp+uint64(int64(a.Off))
	case "map_ptr":
		return v == engine.MapHandle(a.Map)
	case "map_value_or_null":
		if v == 0 {
			return true
		}
		fallthrough
	case "map_value":
		if a.Map < 0 || a.Map >= len(c.maps) {
			return false
		}
		off, ok := c.maps[a.Map].ValueOffset(v)
		return ok && off == 0
	}
	return true // "inv" and "": any value
}

func describe(pc int, regs *[11]uint64, states [][11]absint.RegState) string {
	s := fmt.Sprintf("insn %d: concrete state outside all %d abstract states:", pc, len(states))
	for r := 0; r < 11; r++ {
		s += fmt.Sprintf(" r%d=%#x", r, regs[r])
	}
	if len(states) > 0 {
		s += "\nfirst abstract state:"
		for r := 0; r < 11; r++ {
			switch a := states[0][r]; {
			case !a.Live || a.Type == "":
			case a.Type == "scalar":
				s += fmt.Sprintf(" r%d=%s", r, a.Value)
			case a.Type == "imm" || a.Type == "fp":
				s += fmt.Sprintf(" r%d=%s%d", r, a.Type, a.Off)
			case strings.HasPrefix(a.Type, "map_"):
				s += fmt.Sprintf(" r%d=%s(map %d)", r, a.Type, a.Map)
			default:
				s += fmt.Sprintf(" r%d=%s", r, a.Type)
			}
		}
	}
	return s
}
