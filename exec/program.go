package exec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/internal/verified"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Env is the world helpers see. Every field is optional: zero values give
// deterministic defaults (a clock counting from Load, the same fixed-seed
// random numbers in every run, no trace output, an empty task, CPU 0,
// unreadable probe memory). Runs of one program may proceed concurrently,
// so the functions and the writer must be safe for concurrent use.
type Env struct {
	Clock  func() uint64 // ktime_get_ns
	Rand   func() uint32 // get_prandom_u32
	Trace  io.Writer     // trace_printk output
	Task   Task          // get_current_*
	CPU    uint32        // get_smp_processor_id
	Memory ProbeMemory   // probe_read's source
	// Jiffies is jiffies64 (nil: Clock in milliseconds, as with HZ=1000);
	// ktime_get_boot_ns and ktime_get_coarse_ns read Clock too.
	Jiffies func() uint64
	// FuncIP is what get_func_ip returns: the traced function's address.
	FuncIP uint64
	// OnHelper, if set, sees every helper call with its arguments and result
	// (used to compare engines).
	OnHelper func(HelperCall)
	// OnPacket, if set, sees the address range [lo, hi) of the packet
	// buffer (headroom and tailroom included) of every run whose context
	// holds packet pointers, as the run starts. Each run maps its buffer
	// afresh, so a program that returns or stores data or data_end yields
	// addresses that differ from run to run; tools that compare runs use
	// this to tell such addresses from numbers.
	OnPacket func(lo, hi uint64)
}

// Task is the current task of the get_current_* helpers.
type Task struct {
	PID, TGID, UID, GID uint32
	Comm                string
	// Addr is what get_current_task returns: an opaque address in the
	// program's world (probe_read_kernel may read Env.Memory there).
	Addr uint64
	// CgroupClassID is what get_cgroup_classid returns without an
	// __sk_buff (the current task's net_cls class).
	CgroupClassID uint32
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

// DefaultBudget is the budget of a checked run when Options.Budget is 0:
// enough backward jumps for several hundred million instructions.
const DefaultBudget = 1 << 30

// Unlimited is a budget that never runs out.
const Unlimited = engine.Unlimited

// Options configure a loaded program.
type Options struct {
	Env Env
	// Budget bounds the backward jumps (taken jumps to the jump itself or
	// an earlier instruction) and local calls a checked run may make, the
	// same count on every engine: every loop takes one, so the budget
	// stops any runaway run, and forward branches cost nothing. 0 means
	// DefaultBudget, Unlimited no bound. Verified programs terminate by
	// construction and have no budget.
	Budget uint64
	// Engine runs the program; nil is the interpreter.
	Engine Engine
	// OnInsn, if set, sees the registers before every instruction the
	// interpreter executes (pc is the slot index; used by tests that check
	// concrete runs against the verifier's abstract states). The JIT
	// ignores it.
	OnInsn func(pc int, regs *[16]uint64)
}

// Program is a program ready to run: verified, or loaded in checked mode.
// A Program may run from many goroutines at once.
type Program struct {
	name     string
	typ      ir.ProgType
	maps     []*Map
	checked  bool
	layout   *platform.Context // verified: the context r1 must point at
	view     *skbView          // verified __sk_buff programs: the model's view
	xview    *xdpView          // verified xdp_md programs: the model's view
	compiled engine.Compiled
	env      Env
	onInsn   func(pc int, regs *[16]uint64) // Options.OnInsn
}

// ErrNoModel is the error (for errors.Is) of Load for a program whose
// context exec has no model of: it is never run.
var ErrNoModel = errors.New("exec has no model of the context")

// Load prepares a verified program (an *absint.Verified) to run. maps are
// the program's maps in order (the i-th map load refers to maps[i]); their
// specs must match the ones it was verified with. The program runs exactly
// as it was verified, only on a context of the layout its program type
// implies, and without run-time checks.
func Load(v *verified.Program, maps []*Map, opts Options) (*Program, error) {
	if v == nil {
		return nil, fmt.Errorf("exec: no verified program")
	}
	layout := v.Context()
	if layout == nil {
		return nil, fmt.Errorf("program %s: type %s has no context layout: %w", v.Name(), v.Type(), ErrNoModel)
	}
	prog := &Program{name: v.Name(), typ: v.Type(), layout: layout}
	switch layout.Name {
	case "__sk_buff":
		view, err := newSkbView(layout)
		if err != nil {
			return nil, fmt.Errorf("program %s: %v: %w", v.Name(), err, ErrNoModel)
		}
		prog.view = view
	case "xdp_md":
		view, err := newXDPView(layout)
		if err != nil {
			return nil, fmt.Errorf("program %s: %v: %w", v.Name(), err, ErrNoModel)
		}
		prog.xview = view
	case "memory": // platform.PlainMemory: Run takes Memory of exactly Size bytes
	case "pt_regs":
		if err := checkPtRegs(layout); err != nil {
			return nil, fmt.Errorf("program %s: %v: %w", v.Name(), err, ErrNoModel)
		}
	default:
		return nil, fmt.Errorf("program %s: %s: %w", v.Name(), layout, ErrNoModel)
	}
	return prog.prepare(v.Insns(), v.Maps(), maps, opts, false)
}

// LoadChecked prepares a program that was not verified. Every memory access
// is checked against the memory the run owns, reads of uninitialised stack
// are errors, and a run stops after Options.Budget jumps. It runs on any
// context.
func LoadChecked(p *ir.Program, maps []*Map, opts Options) (*Program, error) {
	if err := ir.CheckPairs(p.Insns); err != nil {
		return nil, err
	}
	prog := &Program{name: p.Name, typ: p.Type}
	return prog.prepare(append([]ir.Instruction(nil), p.Insns...), p.Maps, maps, opts, true)
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

func (prog *Program) prepare(insns []ir.Instruction, specs []ir.MapSpec, maps []*Map, opts Options, checked bool) (*Program, error) {
	if len(maps) != len(specs) {
		return nil, fmt.Errorf("program %s uses %d maps, %d given", prog.name, len(specs), len(maps))
	}
	for i, m := range maps {
		if m == nil || m.spec.Type != specs[i].Type || m.spec.KeySize != specs[i].KeySize || m.spec.ValueSize != specs[i].ValueSize || m.spec.MaxEntries != specs[i].MaxEntries {
			return nil, fmt.Errorf("map %d does not match the program's definition", i)
		}
		// The verifier may have read a frozen map's contents as constants.
		if specs[i].Frozen && (!m.spec.Frozen || !bytes.Equal(m.spec.Contents, specs[i].Contents)) {
			return nil, fmt.Errorf("map %d is not frozen with the contents of the program's definition", i)
		}
	}
	insns, err := resolveMapValues(insns, maps)
	if err != nil {
		return nil, err
	}
	// Every engine sees only programs the interpreter's decoder accepts.
	if _, err := compile(insns, len(maps), false); err != nil {
		return nil, err
	}
	if opts.Budget == 0 {
		opts.Budget = DefaultBudget
	}
	if opts.Env.Clock == nil {
		start := time.Now()
		opts.Env.Clock = func() uint64 { return uint64(time.Since(start)) }
	}
	prog.maps, prog.checked, prog.env = append([]*Map(nil), maps...), checked, opts.Env
	prog.onInsn = opts.OnInsn
	eng := opts.Engine
	if eng == nil {
		eng = Interpreter()
	}
	ep := &engine.Program{Insns: insns, Checked: checked, Budget: opts.Budget, NumMaps: len(maps)}
	if opts.Env.OnHelper == nil {
		ep.Inline = &engine.InlineHelpers{CPU: opts.Env.CPU, Rand: opts.Env.Rand == nil}
	}
	if !checked && opts.Env.OnHelper == nil {
		// A verified lookup passes a readable key of the map's key size:
		// engines may look array values up without calling the helper.
		ep.Arrays = make([]engine.ArrayMap, len(maps))
		for i, m := range maps {
			if isArray(m.spec.Type) && m.slab != nil && m.spec.KeySize == 4 {
				ep.Arrays[i] = engine.ArrayMap{Values: m.valueAddr(0), Stride: uint32(m.stride), MaxEntries: m.spec.MaxEntries}
			}
		}
	}
	if !checked {
		ep.Budget = engine.Unlimited
	}
	c, err := eng.Compile(ep)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", eng.Name(), err)
	}
	prog.compiled = c
	return prog, nil
}

// Maps returns the program's maps.
func (p *Program) Maps() []*Map { return append([]*Map(nil), p.maps...) }

// Checked reports whether the program runs in checked mode.
func (p *Program) Checked() bool { return p.checked }

// Close releases what the engine allocated for the program (JIT code).
// Runs must have finished.
func (p *Program) Close() error { return p.compiled.Close() }
