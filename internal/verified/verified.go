// Package verified holds the one type that stands for a program a verifier
// profile accepted. Only code inside this module can construct one (the
// package is internal); absint's Verify is the only caller, and users see
// the type as absint.Verified. exec and jit import this package, not the
// verifier, so running a verified program links neither the analysis nor
// gonum.
//
// A Program is immutable: New copies everything it is given, and every
// accessor returns a fresh copy, so nothing a caller holds can change what
// was verified.
package verified

import (
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Program is a program exactly as a verifier profile accepted it: its
// instructions, maps, program type, license and the context layout its
// type implies. Everything the profile proved holds for it: every reachable
// instruction is well formed, every memory access is in bounds for the
// pointer it goes through, provided r1 points at a context of Context()'s
// layout; helpers get the argument types they declare; the program
// terminates.
type Program struct {
	prog    ir.Program // private deep copy
	profile string
	ctx     *platform.Context
}

// New records that profile accepted p with context layout ctx. It takes
// deep copies of both; later changes to p or ctx have no effect.
func New(p *ir.Program, profile string, ctx *platform.Context) *Program {
	return &Program{prog: copyProgram(p), profile: profile, ctx: ctx.Clone()}
}

func copyProgram(p *ir.Program) ir.Program {
	c := *p
	c.Insns = append([]ir.Instruction(nil), p.Insns...)
	c.Maps = append([]ir.MapSpec(nil), p.Maps...)
	c.Lines = append([]ir.LineInfo(nil), p.Lines...)
	return c
}

// Program returns a copy of the verified program; changing it changes
// nothing that was verified.
func (v *Program) Program() *ir.Program {
	c := copyProgram(&v.prog)
	return &c
}

// Name is the program's name.
func (v *Program) Name() string { return v.prog.Name }

// Type is the program type it was verified for.
func (v *Program) Type() ir.ProgType { return v.prog.Type }

// License is the license it was verified with.
func (v *Program) License() string { return v.prog.License }

// Insns returns a copy of the verified instructions.
func (v *Program) Insns() []ir.Instruction { return append([]ir.Instruction(nil), v.prog.Insns...) }

// Maps returns a copy of the specs of the maps it was verified with.
func (v *Program) Maps() []ir.MapSpec { return append([]ir.MapSpec(nil), v.prog.Maps...) }

// Context returns a copy of the layout of the context r1 must point at,
// as the program type implies it.
func (v *Program) Context() *platform.Context { return v.ctx.Clone() }

// Profile names the verifier profile that accepted the program.
func (v *Program) Profile() string { return v.profile }
