package absint

import "github.com/bpfcheck/bpfcheck/ir"

// Verified is a program that a profile of this verifier accepted. Only this
// package can construct one, so code that takes a *Verified (the exec and jit
// engines) may rely on everything the profile proved: every reachable
// instruction is well formed, every memory access is in bounds for the
// pointer it goes through, helpers get the argument types they declare, and
// the program terminates.
type Verified struct {
	prog    *ir.Program
	profile string
}

// Program returns the verified program. Callers must not modify it.
func (v *Verified) Program() *ir.Program { return v.prog }

// Profile names the verifier profile that accepted the program.
func (v *Verified) Profile() string { return v.profile }
