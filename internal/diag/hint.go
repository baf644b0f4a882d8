package diag

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Explanation is what bpfcheck adds to a diagnostic for people: why the
// verifier refuses it, how to fix it, and (for a kernel profile) which
// feature of a later kernel the program uses.
type Explanation struct {
	Why, Fix string
	Hint     string // "" when there is nothing to add
}

// Explain explains d, found in p under the named profile. A code missing
// from the catalogue gets an empty Why and Fix.
func Explain(p *ir.Program, d *absint.Diagnostic, profile string) Explanation {
	var e Explanation
	e.Why, e.Fix, _ = For(d.Code, d.Message)
	e.Hint = hint(p, d, profile)
	return e
}

// hint names the later-kernel feature behind a kernel profile's rejection,
// when the profile is a released kernel older than the feature.
func hint(p *ir.Program, d *absint.Diagnostic, profile string) string {
	if p == nil {
		return ""
	}
	if h := undefinedCallHint(p, d); h != "" {
		return h
	}
	if d.Code == "unsupported-prog-type" && p.Type == ir.ProgTypeUnspec && p.Section != "" {
		return fmt.Sprintf("unknown program type for section %s; use --type", p.Section)
	}
	kernel, ok := platform.ParseVersion(profile)
	if !ok {
		return ""
	}
	later := func(what string, since platform.Version) string {
		if !since.Known() || !kernel.Less(since) {
			return ""
		}
		return fmt.Sprintf("%s: first in Linux %s; profile %s models Linux %s", what, since, profile, kernel)
	}
	var ins ir.Instruction
	if d.Insn >= 0 && d.Insn < len(p.Insns) {
		ins = p.Insns[d.Insn]
	}
	switch d.Code {
	case "invalid-func", "unknown-func":
		h := platform.HelperID(ins.Imm)
		if ins.Opcode.Class() == ir.ClassJMP && ins.Opcode.JumpOp() == ir.JumpCall && h.Known() {
			if s := later(fmt.Sprintf("the program calls bpf_%s (helper %d)", h, int32(h)), h.Since()); s != "" {
				return s
			}
			return fmt.Sprintf("helper %d is bpf_%s, which program type %s cannot call in profile %s", int32(h), h, p.Type, profile)
		}
	case "call-reserved-fields":
		switch ins.Src {
		case 1:
			return later("the program uses "+platform.FeatureLocalCall.Name, platform.FeatureLocalCall.Since)
		case 2:
			return later("the program uses "+platform.FeatureKfuncCall.Name, platform.FeatureKfuncCall.Since)
		}
	case "unrecognized-ld-imm64":
		if f, ok := platform.LdImm64Feature(uint8(ins.Src)); ok {
			return later("the program uses "+f.Name, f.Since)
		}
	case "unknown-insn-class":
		if ins.Opcode.Class() == ir.ClassJMP32 {
			return later("the program uses "+platform.FeatureJMP32.Name, platform.FeatureJMP32.Since)
		}
	case "invalid-jmp-opcode":
		switch ins.Opcode.JumpOp() {
		case ir.JumpJLT, ir.JumpJLE, ir.JumpJSLT, ir.JumpJSLE:
			return later("the program uses "+platform.FeatureJumpLT.Name, platform.FeatureJumpLT.Since)
		}
	case "back-edge":
		return later("the program has a loop; "+platform.FeatureLoops.Name+" are verified", platform.FeatureLoops.Since)
	case "xadd-reserved-fields", "stx-reserved-fields":
		if ins.Opcode.Mode() == 0xc0 && ins.Imm != 0 {
			return later("the program uses "+platform.FeatureAtomics.Name, platform.FeatureAtomics.Since)
		}
	case "mov-reserved-fields", "alu-reserved-fields", "end-reserved-fields":
		if ins.Off != 0 || (d.Code == "end-reserved-fields" && ins.Opcode.Class() == ir.ClassALU64) {
			return later("the program uses "+platform.FeatureCPUv4.Name, platform.FeatureCPUv4.Since)
		}
	case "too-many-insns":
		return later("the program uses "+platform.FeatureLargeProgram.Name, platform.FeatureLargeProgram.Since)
	case "unsupported-prog-type":
		t := platform.ProgType(p.Type)
		return later(fmt.Sprintf("program type %s", t), t.Since())
	case "invalid-map-fd":
		// A map of a type this kernel lacks cannot be created, so its fd is
		// not a valid map.
		if i := int(ins.Imm); i >= 0 && i < len(p.Maps) {
			m := p.Maps[i]
			t := platform.MapType(m.Type)
			return later(fmt.Sprintf("map %s has type %s", m.Name, t), t.Since())
		}
	}
	return ""
}

// undefinedCallHint names the undefined function behind a rejection: the
// loader encodes such a call as "call pc-1" (ir.Program.UndefinedCalls),
// which a kernel rejects at the call or, seeing a subprogram start there,
// as a jump out of range or a function that does not end in an exit.
func undefinedCallHint(p *ir.Program, d *absint.Diagnostic) string {
	for _, u := range p.UndefinedCalls {
		if u.Insn == d.Insn || d.Code == "jump-out-of-range" || d.Code == "last-insn-not-exit" {
			at := fmt.Sprintf("insn %d", u.Insn)
			if l, ok := p.SourceLine(u.Insn); ok && l.Line > 0 {
				at = fmt.Sprintf("%s:%d", l.File, l.Line)
			}
			return fmt.Sprintf("call to undefined function %s (%s): the compiler did not inline it", u.Name, at)
		}
	}
	return ""
}
