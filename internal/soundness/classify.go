package soundness

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// cause is why a cleanly accepted program faulted or ran differently.
type cause int

const (
	causeBug       cause = iota // the profile accepted an unsafe program, or an engine is wrong
	causePermitted              // the profile's kernel allows it on purpose (privileged uninitialised stack)
	causeGap                    // the engines do not model what the profile rightly accepts
)

var uninitProbe = []ir.Instruction{ldx(ir.SizeDW, ir.R0, ir.R10, -8), exit()}

// allowsUninitStack reports whether a profile lets programs read stack
// they never wrote (privileged programs of later kernels may), found by
// verifying a probe rather than by the profile's name.
func allowsUninitStack(profile string) bool {
	p := &ir.Program{Name: "probe", Type: ir.ProgTypeSocketFilter, Insns: uninitProbe, License: "GPL"}
	res, err := absint.Verify(p, absint.Options{Profile: profile})
	return err == nil && res.Verdict == absint.Accept
}

var insnRE = regexp.MustCompile(`^insn (\d+): `)

// classify decides what a finding means for one profile that accepted the
// program cleanly. Nothing counts as permitted or a gap without a reason
// that the profile or internal/platform confirms; everything else is a bug.
func (c *Checker) classify(profile string, p *ir.Program, f *Finding, uninit bool) (cause, string) {
	if c.uninitOK == nil {
		c.uninitOK = map[string]bool{}
	}
	ok, seen := c.uninitOK[profile]
	if !seen {
		ok = allowsUninitStack(profile)
		c.uninitOK[profile] = ok
	}
	if ok && (strings.Contains(f.Detail, "uninitialised stack") || (f.Kind == "mismatch" && uninit)) {
		return causePermitted, "a privileged program reads stack it never wrote"
	}
	if f.Kind != "fault" {
		return causeBug, ""
	}
	if strings.Contains(f.Detail, "needs an __sk_buff context") || strings.Contains(f.Detail, "unknown helper") || strings.Contains(f.Detail, "does not run here") {
		return causeGap, "exec lacks the helper for this program type: " + insnRE.ReplaceAllString(f.Detail, "")
	}
	// A context access the platform's layout allows, through the r6 that
	// every generated program keeps its context in.
	m := insnRE.FindStringSubmatch(f.Detail)
	if m == nil || !keepsCtxInR6(p) {
		return causeBug, ""
	}
	var pc int
	fmt.Sscan(m[1], &pc)
	if pc >= len(p.Insns) {
		return causeBug, ""
	}
	ins := p.Insns[pc]
	base, write := ins.Src, false
	switch ins.Opcode.Class() {
	case ir.ClassLDX:
	case ir.ClassST, ir.ClassSTX:
		base, write = ins.Dst, true
	default:
		return causeBug, ""
	}
	if !holdsCtx(p, pc, base) || ins.Opcode.Mode() != ir.ModeMEM {
		return causeBug, ""
	}
	ctx, ok := platform.Context618(platform.ProgType(p.Type), 0)
	if !ok || ctx == nil {
		return causeBug, ""
	}
	size := ins.Opcode.Size().Bytes()
	if field, ok := ctx.Allows(int(ins.Off), size, write); ok && int(ins.Off) >= 0 {
		return causeGap, fmt.Sprintf("exec's %s has no %s at off %d (the profile and internal/platform allow it)", ctx.Name, field.Name, ins.Off)
	}
	return causeBug, ""
}

// holdsCtx reports whether register r holds the context at pc: it is r6,
// or the straight-line code before pc last set it from r6, directly or
// through a stack slot that r6 was spilled to.
func holdsCtx(p *ir.Program, pc int, r ir.Register) bool {
	if r == rCtx {
		return true
	}
	for i := pc - 1; i >= 0; i-- {
		ins := p.Insns[i]
		if i > 0 && p.Insns[i-1].Opcode.IsLoadImm64() {
			continue
		}
		c := ins.Opcode.Class()
		writes := (c == ir.ClassALU || c == ir.ClassALU64 || c == ir.ClassLDX || ins.Opcode.IsLoadImm64()) && ins.Dst == r
		if c == ir.ClassJMP && ins.Opcode.JumpOp() == ir.JumpCall && r <= ir.R5 {
			return false
		}
		if !writes {
			continue
		}
		if ins == mov(r, rCtx) {
			return true
		}
		if ins.Opcode == ir.MemOpcode(ir.ClassLDX, ir.ModeMEM, ir.SizeDW) && ins.Src == ir.R10 {
			for j := i - 1; j >= 0; j-- {
				if st := p.Insns[j]; st.Opcode.Class() == ir.ClassSTX || st.Opcode.Class() == ir.ClassST {
					if st.Dst == ir.R10 && st.Off > ins.Off-8 && st.Off < ins.Off+8 {
						return st == stx(ir.SizeDW, ir.R10, rCtx, ins.Off)
					}
				}
			}
		}
		return false
	}
	return false
}

// keepsCtxInR6 reports whether r6 is set from r1 by the first instruction
// and never written again (calls preserve it).
func keepsCtxInR6(p *ir.Program) bool {
	if len(p.Insns) == 0 || p.Insns[0] != mov(rCtx, ir.R1) {
		return false
	}
	for i, ins := range p.Insns[1:] {
		if i > 0 && p.Insns[i].Opcode.IsLoadImm64() {
			continue
		}
		switch ins.Opcode.Class() {
		case ir.ClassALU, ir.ClassALU64, ir.ClassLDX:
			if ins.Dst == rCtx {
				return false
			}
		case ir.ClassLD:
			if ins.Opcode.IsLoadImm64() && ins.Dst == rCtx {
				return false
			}
		}
	}
	return true
}
