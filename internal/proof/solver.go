package proof

import (
	"time"

	"github.com/bpfcheck/bpfcheck/smt"
)

// DefaultTimeout bounds each solver query.
const DefaultTimeout = 2 * time.Second

// Solver is one goroutine's Z3 context, reused for every query with
// push/pop. Not safe for concurrent use: make one per goroutine.
type Solver struct {
	c *smt.Context
	// SMT2 keeps each obligation's query as an SMT-LIB2 script.
	SMT2 bool
}

// New creates a solver with the default per-query time limit. Without cgo
// it returns smt.ErrUnavailable.
func New() (*Solver, error) {
	c, err := smt.New()
	if err != nil {
		return nil, err
	}
	if err := c.SetTimeout(DefaultTimeout); err != nil {
		c.Close()
		return nil, err
	}
	return &Solver{c: c}, nil
}

// SetTimeout changes the per-query time limit.
func (s *Solver) SetTimeout(d time.Duration) error { return s.c.SetTimeout(d) }

// Close releases the solver.
func (s *Solver) Close() {
	if s != nil && s.c != nil {
		s.c.Close()
		s.c = nil
	}
}

// Status is what the solver decided about an obligation.
type Status int

// Obligation statuses.
const (
	Unknown Status = iota // timeout, or not modelled
	Proved                // no input that takes the path violates it
	Failed                // some input violates it (a witness exists)
)

func (s Status) String() string { return [...]string{"unknown", "proved", "failed"}[s] }

// Obligation is one safety condition on a path: an instruction, what it
// accesses and what must hold, with the solver's verdict.
type Obligation struct {
	Insn      int
	Kind      string // load, store, atomic, helper-arg, reach
	Reg       int    // the base (or argument) register
	Region    string // ctx, stack, map_value, scalar, map_ptr
	Off       int
	Size      int
	Write     bool
	Condition string // what must hold, in words
	Status    Status
	By        string        // "solver"
	Time      time.Duration // the solver's time on it
	CPU       time.Duration // the solver's CPU time on it (Linux; 0 elsewhere)
	SMT2      string        // the query (Solver.SMT2), answered sat iff Failed
}
