package absint

import (
	"fmt"
	"time"

	"github.com/bpfcheck/bpfcheck/absint/scalar"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/internal/verified"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Verdict is the outcome of verifying one program.
type Verdict int

// Verdicts.
const (
	Accept      Verdict = iota // proven safe under the profile
	Reject                     // the profile rejects it (Result.Diag says why)
	Unsupported                // uses something the profile does not know; not proven unsafe
)

func (v Verdict) String() string {
	return [...]string{"accept", "reject", "unsupported"}[v]
}

// Diagnostic is a rejection or a warning: the instruction, a stable code,
// and the message (the kernel's own text in the kernel profiles).
type Diagnostic struct {
	Insn    int
	Code    string
	Message string
	// KernelSilent is set when the kernel rejects without a message;
	// Message then explains the rejection in the kernel's style.
	KernelSilent bool
}

// Stats describe the work verification took.
type Stats struct {
	Insns      int // instruction slots
	Processed  int // instruction visits, as the kernel counts them
	States     int // states stored at pruning points
	PeakStates int // most states alive at once (stored plus pending branches)
	// StateMemory is the modern profiles' estimate of the most bytes their
	// stored states held at once (Options.MaxStateMemory bounds it); 0 in
	// the kernel profiles.
	StateMemory int64
	Duration    time.Duration
}

// Result is the outcome of Verify.
type Result struct {
	Verdict  Verdict
	Errno    string // the kernel's errno name for a rejection ("EACCES"), "" on accept
	Diag     *Diagnostic
	Warnings []Diagnostic // accepted-but-unsafe behaviour the kernel allows
	Log      string       // the verifier log, when Options.LogLevel >= 1
	Stats    Stats
	Verified *Verified // non-nil on accept
	// Obligations lists the safety conditions the modern profiles checked
	// (the first instance of each per instruction, kind and register), with
	// the failed one last on a rejection. The kernel profiles leave it nil:
	// they discharge each obligation where it is listed and keep none (a
	// list would cost their walk its speed; a test hook sees them).
	Obligations []Obligation
	// Failure is the evidence for a rejection by a check, in every
	// profile: the obligation that failed (a limit's is ObLimit, a
	// structural check's ObWellFormed) and, in the modern profiles, the
	// path to it. nil on accept, for Unsupported, and for the loader's
	// rejections of the program's size.
	Failure *Failure
	// Path is, in the kernel profiles, for a rejection found while walking
	// and when Options.Path is set, the instructions of the rejected path
	// from insn 0 to the failing one, in execution order; nil otherwise
	// (and for rejections made before the walk). The modern profiles give
	// their path in Failure.
	Path []int
}

// Discharged is the answer of Options.Discharge: every deferred access
// proved, or the one it could not prove (Insn) and, when an input makes
// that access fault, the path (instructions in order) such an input takes
// to it, ending at Insn.
type Discharged struct {
	Proved bool
	Insn   int
	Path   []int
}

// Options configure Verify.
type Options struct {
	Profile  string // "linux-4.2", "linux-4.3" or "linux-6.18"
	LogLevel int    // 0: no log; 1 or more: the kernel's full trace
	Path     bool   // kernel profiles: record Result.Path for a rejection (costs nothing when off)
	// Discharge, for the precise profile, proves that every access at the
	// given instructions stays in bounds for every input on every feasible
	// path (the solver: internal/proof). The program is accepted only if
	// it answers Proved.
	Discharge func(p *ir.Program, insns []int) Discharged
	// OnState, if set, sees the registers of the innermost frame before
	// every instruction the walk executes, on every path. For tests and
	// tools that compare concrete runs with the abstract states: in the
	// modern profiles, with it set, pruning compares every scalar (as if
	// all were precise), so that the states seen at an instruction cover
	// every run that reaches it. The kernel profiles' walk is unchanged by
	// it (their pruning needs a stored state to cover the pruned one, so
	// the states seen already cover every run); they report the kernel's
	// register types (RegState).
	OnState func(insn int, regs *[11]RegState)
	// Timeout bounds the time of one verification (0: none). A walk that
	// runs past it ends with Verdict Unsupported and code "time-limit":
	// the program is not proven either way.
	Timeout time.Duration
	// MaxStateMemory bounds the bytes of the states the modern profiles
	// keep for pruning (0: limits.DefaultMaxStateMemory, 512 MiB; negative:
	// no bound). A walk that would store more ends with Verdict Unsupported
	// and code "state-limit": the program is not proven either way. The
	// kernel profiles ignore it: their own limits bound their states.
	MaxStateMemory int64
}

// RegState is a register as a profile knows it at an instruction.
//
// In the kernel profiles Type is the 2015 type's log name: "inv" (any
// value), "imm" (the 32-bit constant Off, from a move of an immediate:
// sign- or zero-extended to 64 bits by ALU64 or ALU), "ctx" (the context
// itself), "fp" (R10 plus Off), "map_ptr" (map Map itself), "map_value" (the
// first byte of a value of map Map) and "map_value_or_null" (that or 0);
// Value is unused.
type RegState struct {
	Type  string       // "scalar", "ctx", "fp", "map_value", ... as the log names it; "" when not initialised
	Value scalar.Value // a scalar's value; a pointer's variable offset
	Off   int32        // a pointer's constant offset; a kernel profile's "imm"
	Live  bool         // the rest of the program may read the register
	Map   int          // kernel profiles: the map of a map type (-1 otherwise; modern profiles leave 0)
}

// Verify checks a program under a profile. The error is for programs that
// cannot be analysed at all (an unknown profile); every verdict about the
// program itself is in the Result.
func Verify(p *ir.Program, opts Options) (*Result, error) {
	prof, err := LookupProfile(opts.Profile)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	// Judge a private copy, and hand out exactly what was judged: nothing
	// the caller does to p during or after Verify changes the Verified.
	judged := verified.Copy(p)
	var res *Result
	if prof.Modern {
		res = verifyModern(prof, judged, opts)
	} else {
		res = verifyKernel(prof, judged, opts.LogLevel > 0, opts.Path, newDeadline(opts.Timeout), opts.OnState)
	}
	res.Stats.Insns = len(judged.Insns)
	res.Stats.Duration = time.Since(start)
	if res.Verdict == Accept {
		res.Verified = verified.Own(judged, prof.Name, verifiedContext(prof, judged))
	}
	return res, nil
}

// verifiedContext is the layout of the context the profile checks p's
// accesses against (nil for a program type it does not know).
func verifiedContext(prof *Profile, p *ir.Program) *platform.Context {
	if prof.Modern {
		c, _ := contextFor(platform.ProgType(p.Type), p)
		return c
	}
	return prof.ProgTypes[p.Type].Ctx
}

// reject builds a rejection result.
func reject(errno string, d Diagnostic) *Result {
	return &Result{Verdict: Reject, Errno: errno, Diag: &d}
}

// verifyKernel runs the kernel's pipeline: the syscall's checks, the map-fd
// pre-pass, check_cfg, then the walk.
func verifyKernel(prof *Profile, p *ir.Program, logOn, pathOn bool, dl deadline, onState func(int, *[11]RegState)) *Result {
	w, res := kernelWalker(prof, p, logOn, pathOn, dl)
	if res != nil {
		return res
	}
	w.onState = onState
	return w.run()
}

// kernelWalker runs the kernel's pipeline up to the walk: a walker ready to
// run, or the result of a rejection before the walk.
func kernelWalker(prof *Profile, p *ir.Program, logOn, pathOn bool, dl deadline) (*walker, *Result) {
	rules, ok := prof.ProgTypes[p.Type]
	if !ok {
		return nil, &Result{Verdict: Unsupported, Diag: &Diagnostic{Insn: 0, Code: "unsupported-prog-type",
			Message: fmt.Sprintf("program type %s is not known to %s", p.Type, prof.Name)}}
	}
	n := len(p.Insns)
	if n > prof.Limits.MaxInsns {
		m, text := prof.Messages.text("too-many-insns", n, prof.Limits.MaxInsns)
		return nil, reject(m.Errno, Diagnostic{Code: "too-many-insns", KernelSilent: m.Silent, Message: text})
	}
	if n == 0 {
		m, text := prof.Messages.text("empty-program")
		return nil, reject(m.Errno, Diagnostic{Code: "empty-program", KernelSilent: m.Silent, Message: text})
	}
	w := newWalker(prof, rules, p, logOn)
	w.deadline = dl
	// A map the profile's kernel could not have created has no fd.
	validFD := func(fd int32) bool { return fd >= 0 && int(fd) < len(p.Maps) && prof.validMap(p.Maps[fd]) }
	if e := prepass(p.Insns, validFD, prof.Limits.Maps); e != nil {
		return nil, w.structural(e)
	}
	prune, e := kernelCheck(p.Insns)
	if e != nil {
		return nil, w.structural(e)
	}
	w.prune = prune
	w.trailOn = pathOn
	return w, nil
}
