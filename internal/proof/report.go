package proof

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// ReportInput is one program's outcome for a report.
type ReportInput struct {
	File    string
	Prog    *ir.Program
	Result  *absint.Result
	Profile string
	Log     string       // the verifier log at level 1 (the states along the walk)
	Reject  *Explanation // for a rejection
	Accept  *Safety      // for an acceptance
}

// WriteReport writes base.md (the report), base.dot (the CFG, with the
// rejected path in red) and one base-oN.smt2 per obligation into dir, and
// returns the files written.
func WriteReport(dir, base string, in ReportInput) ([]string, error) {
	var b strings.Builder
	var files []string
	write := func(name string, data []byte) error {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		files = append(files, path)
		return nil
	}
	p, res := in.Prog, in.Result
	title := "Proof of safety"
	if res.Verdict != absint.Accept {
		title = "Proof of rejection"
	}
	fmt.Fprintf(&b, "# %s: %s\n\n", title, p.Name)
	fmt.Fprintf(&b, "- file: `%s`", in.File)
	if p.Section != "" {
		fmt.Fprintf(&b, ", section `%s`", p.Section)
	}
	fmt.Fprintf(&b, "\n- type: %s, profile: %s\n- verdict: **%s**", p.Type, in.Profile, res.Verdict)
	if d := res.Diag; d != nil {
		fmt.Fprintf(&b, " at insn %d: `%s` (%s, %s)", d.Insn, d.Message, d.Code, res.Errno)
		if l, ok := p.SourceLine(d.Insn); ok {
			fmt.Fprintf(&b, "\n- source: %s:%d: `%s`", l.File, l.Line, strings.TrimSpace(l.Text))
		}
	}
	b.WriteString("\n\n")
	var obs []Obligation
	switch {
	case in.Reject != nil:
		x := in.Reject
		obs = x.Obligations
		writePath(&b, p, x.Path)
		writeObligations(&b, base, obs)
		if f := x.Failed(); f != nil {
			fmt.Fprintf(&b, "## Violated condition\n\nInsn %d (%s of %d bytes through r%d, region %s): %s must hold; the solver answers **%s**.\n\n",
				f.Insn, f.Kind, f.Size, f.Reg, f.Region, f.Condition, map[Status]string{Failed: "sat: some input violates it", Proved: "unsat: no input violates it", Unknown: "unknown"}[f.Status])
		}
		writeWitness(&b, x)
		if len(x.Path) > 0 {
			if d, err := PathDOT(p.Insns, p.Name, x.Path); err == nil {
				if err := write(base+".dot", append(d, '\n')); err != nil {
					return files, err
				}
				fmt.Fprintf(&b, "## Control-flow graph\n\nThe path is drawn in red, the rejected block filled (`%s.dot`; `dot -Tsvg %s.dot`).\n\n```dot\n%s\n```\n\n", base, base, d)
			}
		}
	case in.Accept != nil:
		obs = in.Accept.Obligations
		fmt.Fprintf(&b, "## Paths\n\n%d feasible paths explored", in.Accept.Paths)
		if in.Accept.Truncated {
			b.WriteString(" (the exploration hit its limits: obligations beyond them are not decided)")
		}
		if in.Accept.Unmodelled != "" {
			fmt.Fprintf(&b, "; not modelled: %s", in.Accept.Unmodelled)
		}
		b.WriteString(".\n\n")
		writeObligations(&b, base, obs)
	}
	if in.Log != "" {
		fmt.Fprintf(&b, "## Abstract states (verifier log)\n\n```\n%s```\n", in.Log)
	}
	for i, o := range obs {
		if o.SMT2 == "" {
			continue
		}
		if err := write(fmt.Sprintf("%s-o%d.smt2", base, i), []byte(smt2Header(o)+o.SMT2)); err != nil {
			return files, err
		}
	}
	if err := write(base+".md", []byte(b.String())); err != nil {
		return files, err
	}
	return files, nil
}

// smt2Header comments a query with what it asks and the recorded answer.
func smt2Header(o Obligation) string {
	want := map[Status]string{Proved: "unsat", Failed: "sat", Unknown: "unknown"}[o.Status]
	return fmt.Sprintf("; insn %d: %s of %d bytes through r%d (%s): can %q be violated?\n; recorded answer: %s\n",
		o.Insn, o.Kind, o.Size, o.Reg, o.Region, o.Condition, want)
}

func writePath(b *strings.Builder, p *ir.Program, path []int) {
	if len(path) == 0 {
		b.WriteString("## Path\n\nRejected before the walk: no path.\n\n")
		return
	}
	b.WriteString("## Path\n\n| step | insn | instruction | then |\n|---|---|---|---|\n")
	for i, idx := range path {
		if idx < 0 || idx >= len(p.Insns) {
			continue
		}
		then := ""
		if i+1 < len(path) {
			ins := p.Insns[idx]
			if ins.Opcode.Class().IsJump() && path[i+1] != idx+1 {
				then = fmt.Sprintf("jump to %d", path[i+1])
			} else if ins.Opcode.Class().IsJump() && ins.Opcode.JumpOp() != ir.JumpCall {
				then = "fall through"
			}
		} else {
			then = "**rejected**"
		}
		fmt.Fprintf(b, "| %d | %d | `%s` | %s |\n", i, idx, p.Insns[idx], then)
	}
	b.WriteString("\n")
}

func writeObligations(b *strings.Builder, base string, obs []Obligation) {
	c := Count(obs)
	fmt.Fprintf(b, "## Obligations\n\n%d in all: %d proved, %d failed, %d undecided.\n\n", c.Total, c.Proved, c.Failed, c.Total-c.Proved-c.Failed)
	if len(obs) == 0 {
		return
	}
	b.WriteString("| # | insn | check | region | condition | status | by | time | query |\n|---|---|---|---|---|---|---|---|---|\n")
	for i, o := range obs {
		q := ""
		if o.SMT2 != "" {
			q = fmt.Sprintf("`%s-o%d.smt2`", base, i)
		}
		fmt.Fprintf(b, "| %d | %d | %s %dB r%d | %s | %s | %s | %s | %s | %s |\n", i, o.Insn, o.Kind, o.Size, o.Reg, o.Region, o.Condition, o.Status, o.By, o.Time.Round(1000), q)
	}
	b.WriteString("\n")
}

func writeWitness(b *strings.Builder, x *Explanation) {
	b.WriteString("## Witness\n\n")
	w := x.Witness
	switch {
	case x.Unmodelled != "":
		fmt.Fprintf(b, "None: the path uses something the encoding does not model (%s).\n\n", x.Unmodelled)
	case w == nil && x.Infeasible:
		b.WriteString("None: no input takes the rejected path.\n\n")
	case w == nil:
		b.WriteString("None.\n\n")
	default:
		fmt.Fprintf(b, "- context (%d bytes): `%s`\n", len(w.Ctx), hex.EncodeToString(w.Ctx))
		if w.Packet != nil {
			fmt.Fprintf(b, "- packet (%d bytes): `%s`\n", len(w.Packet), hex.EncodeToString(w.Packet))
		}
		for _, m := range w.Maps {
			fmt.Fprintf(b, "- map %d holds key `%s` with value `%s`\n", m.Map, hex.EncodeToString(m.Key), hex.EncodeToString(m.Value))
		}
		for _, h := range w.Helpers {
			fmt.Fprintf(b, "- helper %d at insn %d returns %#x\n", h.Helper, h.Insn, h.Ret)
		}
		b.WriteString("\n")
	}
	b.WriteString("## Replay\n\n")
	if r := x.Replay; r != nil {
		if r.Confirmed {
			fmt.Fprintf(b, "**Confirmed**: the checked interpreter faults at insn %d: %s.\n\n", r.FaultInsn, r.Fault)
		} else if r.FaultInsn >= 0 {
			fmt.Fprintf(b, "Not confirmed: the run faults at insn %d instead: %s.\n\n", r.FaultInsn, r.Fault)
		} else {
			fmt.Fprintf(b, "Not confirmed: %s.\n\n", r.Fault)
		}
	} else {
		b.WriteString("Not replayed.\n\n")
	}
	if x.Stricter != "" {
		fmt.Fprintf(b, "The rejection may be a false alarm: %s.\n\n", x.Stricter)
	}
}
