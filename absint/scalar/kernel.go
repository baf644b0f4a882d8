package scalar

import "github.com/bpfcheck/bpfcheck/ir"

// KernelTracks reports whether the Linux 6.18 verifier computes bounds for
// the ALU operation op of the given width with source operand src. Where it
// does not, the kernel forgets the destination (an unknown scalar) while
// Binary still computes a sound, tighter Value; a profile that wants the
// kernel's verdicts replaces Binary's result with Unknown() when this says
// false. The facts (checked against the running 6.18 kernel's log): DIV and
// MOD, signed or not, are never tracked; shifts are tracked only by a
// constant amount below the width; every other operation is tracked.
func KernelTracks(op ir.ALUOp, alu64 bool, src Value) bool {
	switch op {
	case ir.ALUDiv, ir.ALUMod:
		return false
	case ir.ALULsh, ir.ALURsh, ir.ALUArsh:
		c, ok := src.constIn(!alu64)
		width := uint64(64)
		if !alu64 {
			width = 32
		}
		return ok && c < width
	}
	return true
}
