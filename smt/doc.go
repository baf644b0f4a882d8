// Package smt is a thin binding to the Z3 SMT solver's C API for bit-vector
// queries: the proof layer states memory-safety obligations with it and
// reads counterexamples from its models. It knows nothing of BPF.
//
// Guarantees: Z3 errors come back as Go errors (Z3's default handler, which
// exits the process, is replaced); solvers never install a SIGINT handler
// (ctrl_c=false); a Context and everything made from it belong to one
// goroutine at a time. Terms made between Push and Pop are released by Pop,
// so a long series of push/query/pop does not grow memory. Built without
// cgo, New returns ErrUnavailable. With cgo, libz3 is not linked: the first
// New opens it with dlopen, so processes that never use the solver (the
// conformance plugin, say) do not pay for loading it; if it cannot be
// opened, New returns an error naming why.
package smt

import "errors"

// ErrUnavailable is returned by New when the binary was built without cgo
// (and so without Z3).
var ErrUnavailable = errors.New("z3 is unavailable: bpfcheck was built without cgo")

// Result is the outcome of a satisfiability check.
type Result int

// Check results.
const (
	Unknown Result = iota // timeout or incompleteness
	Sat
	Unsat
)

func (r Result) String() string { return [...]string{"unknown", "sat", "unsat"}[r] }
