package exec

import (
	"fmt"
	"io"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Env is the world helpers see. Every field is optional: zero values give
// deterministic defaults (a clock at 0, random numbers from a fixed seed,
// no trace output, an empty task, CPU 0, unreadable probe memory).
type Env struct {
	Clock  func() uint64 // ktime_get_ns
	Rand   func() uint32 // get_prandom_u32
	Trace  io.Writer     // trace_printk output
	Task   Task          // get_current_*
	CPU    uint32        // get_smp_processor_id
	Memory ProbeMemory   // probe_read's source
	// OnHelper, if set, sees every helper call with its arguments and result
	// (used to compare engines).
	OnHelper func(HelperCall)
}

// Task is the current task of the get_current_* helpers.
type Task struct {
	PID, TGID, UID, GID uint32
	Comm                string
}

// ProbeMemory is the memory probe_read reads: addresses in the program's
// world, not Go's.
type ProbeMemory interface {
	ReadAt(p []byte, addr uint64) error
}

// HelperCall records one helper call.
type HelperCall struct {
	ID   int32
	Args [5]uint64
	Ret  uint64
}

// Options configure a loaded program.
type Options struct {
	Env Env
	// Budget bounds the jumps (taken branches, gotos, local calls) a checked
	// run may make (0: 1<<26), the same count on every engine. Verified
	// programs terminate by construction and have no budget.
	Budget uint64
	// Engine runs the program; nil is the interpreter.
	Engine Engine
}

// Program is a program ready to run: verified, or loaded in checked mode.
// A Program may run from many goroutines at once.
type Program struct {
	insns    []ir.Instruction
	compiled Compiled // nil: interpreted
	code     []slot
	maps     []*Map
	typ      ir.ProgType
	checked  bool
	opts     Options
	name     string
}

// Load prepares a verified program to run. maps are the program's maps in
// order (Program().Maps[i] is maps[i]); their specs must match.
func Load(v *absint.Verified, maps []*Map, opts Options) (*Program, error) {
	return prepare(v.Program(), maps, opts, false)
}

// LoadChecked prepares a program that was not verified. Every memory access
// is checked against the memory the run owns, reads of uninitialised stack
// are errors, and a run stops after Options.Budget jumps.
func LoadChecked(p *ir.Program, maps []*Map, opts Options) (*Program, error) {
	if err := ir.CheckPairs(p.Insns); err != nil {
		return nil, err
	}
	return prepare(p, maps, opts, true)
}

// NewMaps creates the maps a program's specs describe.
func NewMaps(p *ir.Program) ([]*Map, error) {
	maps := make([]*Map, len(p.Maps))
	for i, s := range p.Maps {
		m, err := NewMap(s)
		if err != nil {
			return nil, err
		}
		maps[i] = m
	}
	return maps, nil
}

func prepare(p *ir.Program, maps []*Map, opts Options, checked bool) (*Program, error) {
	if len(maps) != len(p.Maps) {
		return nil, fmt.Errorf("program %s uses %d maps, %d given", p.Name, len(p.Maps), len(maps))
	}
	for i, m := range maps {
		if m == nil || m.spec.Type != p.Maps[i].Type || m.spec.KeySize != p.Maps[i].KeySize || m.spec.ValueSize != p.Maps[i].ValueSize {
			return nil, fmt.Errorf("map %d does not match the program's definition", i)
		}
	}
	code, err := compile(p.Insns, len(maps))
	if err != nil {
		return nil, err
	}
	if opts.Budget == 0 {
		opts.Budget = 1 << 26
	}
	if opts.Env.Clock == nil {
		start := time.Now()
		opts.Env.Clock = func() uint64 { return uint64(time.Since(start)) }
	}
	prog := &Program{insns: p.Insns, code: code, maps: maps, typ: p.Type, checked: checked, opts: opts, name: p.Name}
	if opts.Engine != nil {
		c, err := opts.Engine.Compile(prog)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", opts.Engine.Name(), err)
		}
		prog.compiled = c
	}
	return prog, nil
}

// Maps returns the program's maps.
func (p *Program) Maps() []*Map { return p.maps }

// Checked reports whether the program runs in checked mode.
func (p *Program) Checked() bool { return p.checked }
