package exec

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/engine"
)

// Engine is a way of running programs: Interpreter() or jit.Engine().
// Options.Engine selects one. Every engine gives exactly the
// interpreter's results; only the engines of this module exist (the
// interface is defined in an internal package).
type Engine = engine.Engine

// RunError is a fault a checked run found (the instruction and what went
// wrong), or a limit a run reached.
type RunError = engine.RunError

// Interpreter returns the interpreter engine (the default).
func Interpreter() Engine { return interpEngine{} }

type interpEngine struct{}

func (interpEngine) Name() string { return "interp" }

func (interpEngine) Compile(p *engine.Program) (engine.Compiled, error) {
	code, err := compile(p.Insns, p.NumMaps, p.Checked)
	if err != nil {
		return nil, err
	}
	return &interpCode{code: code, insns: len(p.Insns), budget: p.Budget}, nil
}

// interpCode is a program predecoded for the interpreter.
type interpCode struct {
	code   []slot
	insns  int // the program's slots; code has the targets of jumps out after them
	budget uint64
}

func (c *interpCode) Run(r engine.Run) (uint64, bool, error) {
	rr, ok := r.(*run)
	if !ok {
		return 0, false, fmt.Errorf("interp: foreign run %T", r)
	}
	return rr.interpret(c)
}

func (c *interpCode) Close() error { return nil }
