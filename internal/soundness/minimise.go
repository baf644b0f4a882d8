package soundness

import (
	"math"
	"regexp"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// remove deletes slots [i, i+n) and retargets every jump and local call: a
// target inside the removed range moves to the slot after it. ok is false
// when an offset no longer fits.
func remove(insns []ir.Instruction, i, n int) (out []ir.Instruction, ok bool) {
	pos := func(x int) int {
		switch {
		case x < i:
			return x
		case x < i+n:
			return i
		}
		return x - n
	}
	out = make([]ir.Instruction, 0, len(insns)-n)
	out = append(out, insns[:i]...)
	out = append(out, insns[i+n:]...)
	for j, ins := range insns {
		if j >= i && j < i+n {
			continue
		}
		c := ins.Opcode.Class()
		if c != ir.ClassJMP && c != ir.ClassJMP32 {
			continue
		}
		op := ins.Opcode.JumpOp()
		switch {
		case op == ir.JumpExit:
		case op == ir.JumpCall && ins.Src == ir.CallLocal && ins.Opcode.Source() == ir.SourceK:
			rel := pos(j+int(ins.Imm)+1) - pos(j) - 1
			out[pos(j)].Imm = int32(rel)
		case op == ir.JumpCall:
		default:
			rel := pos(j+int(ins.Off)+1) - pos(j) - 1
			if rel < math.MinInt16 || rel > math.MaxInt16 {
				return nil, false
			}
			out[pos(j)].Off = int16(rel)
		}
	}
	return out, true
}

var numberRE = regexp.MustCompile(`0x[0-9a-f]+|-?[0-9]+`)

// faultClass is a fault's message without its numbers: minimising must
// keep the same fault, not trade it for another (a real out-of-bounds
// read for a read of a stack slot whose store was removed).
func faultClass(detail string) string {
	if i := strings.IndexByte(detail, '\n'); i >= 0 {
		return "mismatch" // both outcomes: any disagreement will do
	}
	return numberRE.ReplaceAllString(detail, "N")
}

// width is 2 for the first slot of a LD_IMM64, else 1.
func width(insns []ir.Instruction, i int) int {
	if insns[i].Opcode.IsLoadImm64() && i+1 < len(insns) {
		return 2
	}
	return 1
}

// minimise removes instructions from the finding's program for as long as
// one of its profiles still accepts the result cleanly and the same input
// still faults (or the engines still disagree).
func (c *Checker) minimise(f *Finding) *ir.Program {
	best := *f.Program
	still := func(p *ir.Program) bool {
		for _, name := range f.Profiles {
			res, err := absint.Verify(p, absint.Options{Profile: name})
			if err != nil || res.Verdict != absint.Accept || len(res.Warnings) != 0 {
				continue
			}
			g, err := c.execute(p, res.Verified, f.Seed, []*Input{f.Input}, false)
			if err == nil && g != nil && g.Kind == f.Kind && faultClass(g.Detail) == faultClass(f.Detail) {
				return true
			}
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		for i := len(best.Insns) - 1; i >= 0; i-- {
			if i >= len(best.Insns) || (i > 0 && best.Insns[i-1].Opcode.IsLoadImm64()) {
				continue
			}
			insns, ok := remove(best.Insns, i, width(best.Insns, i))
			if !ok || len(insns) == 0 {
				continue
			}
			cand := best
			cand.Insns = insns
			if still(&cand) {
				best, changed = cand, true
			}
		}
	}
	return &best
}
