package absint

import (
	"fmt"
	"strings"

	"github.com/bpfcheck/bpfcheck/cfg"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Limits of the 2015 kernels' walk.
const (
	maxProcessed = 32768 // instruction visits
	maxPending   = 1024  // pushed branch states
)

// kerr is a rejection found while walking; the walker adds the insn.
type kerr struct {
	errno, code, msg string
	silent           bool
}

func errf(errno, code, format string, args ...any) *kerr {
	return &kerr{errno: errno, code: code, msg: fmt.Sprintf(format, args...)}
}

// branch is a pending path: the state at insn, pushed by the jump at prev.
type branch struct {
	st         *State
	insn, prev int
	trail      int // length of the walker's trail when the branch was pushed
}

// walker is the kernel profiles' do_check: a depth-first walk of every path,
// fall-through first, with pending branches popped LIFO and pruning against
// states stored at the kernel's pruning points.
type walker struct {
	deadline deadline // Options.Timeout
	prof     *Profile
	rules    ProgTypeRules
	prog     *ir.Program
	insns    []ir.Instruction
	// marks is the kernel's reuse of LDX/STX imm fields: the base pointer
	// type each such insn was first verified with (0 = not yet).
	marks    []RegType
	prune    []bool
	explored [][]*State
	pending  []branch
	cur      *State
	gpl      bool

	logOn bool
	log   strings.Builder

	// trail is the current path (insns in execution order), kept only
	// when Options.Path asks for it; nil otherwise.
	trailOn bool
	trail   []int

	processed, states, peak int
	warnings                []Diagnostic
	warned                  map[int]bool

	chunk     []State // states are allocated in chunks
	chunkSize int
	free      []*State // states no path uses any more
}

// newState returns a copy of s from the walker's own allocator.
func (w *walker) newState(s *State) *State {
	var n *State
	if k := len(w.free); k > 0 {
		n, w.free = w.free[k-1], w.free[:k-1]
	} else {
		if len(w.chunk) == 0 {
			w.chunkSize = min(max(2*w.chunkSize, 4), 64) // small programs stay small
			w.chunk = make([]State, w.chunkSize)
		}
		n, w.chunk = &w.chunk[0], w.chunk[1:]
	}
	*n = *s
	return n
}

func newWalker(prof *Profile, rules ProgTypeRules, p *ir.Program, logOn bool) *walker {
	return &walker{
		prof: prof, rules: rules, prog: p, insns: p.Insns,
		marks: make([]RegType, len(p.Insns)), explored: make([][]*State, len(p.Insns)),
		gpl: licenseGPLCompatible(p.License), logOn: logOn, warned: map[int]bool{},
	}
}

func (w *walker) logf(format string, args ...any) {
	if w.logOn {
		fmt.Fprintf(&w.log, format, args...)
	}
}

// result finishes a walk with a verdict.
func (w *walker) result(r *Result) *Result {
	r.Log = w.log.String()
	r.Warnings = w.warnings
	r.Stats.Processed, r.Stats.States, r.Stats.PeakStates = w.processed, w.states, w.peak
	return r
}

// fail rejects at insn with a logged message.
func (w *walker) fail(insn int, errno, code, msg string) *Result {
	w.logf("%s\n", msg)
	return w.withPath(w.result(reject(errno, Diagnostic{Insn: insn, Code: code, Message: msg})))
}

// withPath attaches the walked path to a rejection found during the walk.
func (w *walker) withPath(r *Result) *Result {
	if w.trailOn && w.trail != nil {
		r.Path = append([]int(nil), w.trail...)
	}
	return r
}

// failErr rejects with a kerr found at insn.
func (w *walker) failErr(insn int, e *kerr) *Result {
	if e.silent {
		return w.withPath(w.result(reject(e.errno, Diagnostic{Insn: insn, Code: e.code, Message: e.msg, KernelSilent: true})))
	}
	return w.fail(insn, e.errno, e.code, e.msg)
}

// structural turns a pre-pass or check_cfg error into a result.
func (w *walker) structural(e *cfg.Error) *Result {
	return w.failErr(e.Insn, &kerr{errno: e.Errno, code: e.Code, msg: e.Message, silent: e.Silent})
}

func (w *walker) warn(insn int, code, msg string) {
	if !w.warned[insn] {
		w.warned[insn] = true
		w.warnings = append(w.warnings, Diagnostic{Insn: insn, Code: code, Message: msg})
	}
}

// run walks every path from insn 0.
func (w *walker) run() *Result {
	w.cur = initialState()
	idx, prev := 0, 0
	fromPop := false
	n := len(w.insns)
	for {
		if idx < 0 || idx >= n {
			return w.fail(idx, "EFAULT", "invalid-insn-idx", fmt.Sprintf("invalid insn idx %d insn_cnt %d", idx, n))
		}
		if w.trailOn {
			w.trail = append(w.trail, idx)
		}
		w.processed++
		if w.deadline.expired(w.processed) {
			return w.result(&Result{Verdict: Unsupported, Diag: w.deadline.diagnostic(idx, w.processed)})
		}
		if w.processed > maxProcessed {
			return w.fail(idx, "E2BIG", "too-many-processed", fmt.Sprintf("BPF program is too large. Proccessed %d insn", w.processed))
		}
		if w.visited(idx) {
			if fromPop {
				w.logf("\nfrom %d to %d: safe\n", prev, idx)
			} else {
				w.logf("%d: safe\n", idx)
			}
			var ok bool
			if idx, prev, ok = w.pop(); !ok {
				return w.result(&Result{Verdict: Accept})
			}
			fromPop = true
			continue
		}
		if fromPop {
			w.logf("\nfrom %d to %d:", prev, idx)
			w.logState(w.cur)
			fromPop = false
		}
		ins := w.insns[idx]
		if w.logOn {
			w.logf("%d: %s\n", idx, w.printable(idx))
		}
		next, exit, e := w.step(idx, ins)
		if e != nil {
			return w.failErr(idx, e)
		}
		if exit {
			var ok bool
			if idx, prev, ok = w.pop(); !ok {
				return w.result(&Result{Verdict: Accept})
			}
			fromPop = true
			continue
		}
		idx = next
	}
}

// printable is the log text of insn idx: a map load shows the low half of
// the map's address, as the kernel's rewritten instruction does.
func (w *walker) printable(idx int) string {
	ins := w.insns[idx]
	if ins.Opcode.IsLoadImm64() && ins.Src == ir.PseudoMapFD {
		ins.Imm = int32(uint32(mapAddress(int(ins.Imm))))
	}
	return ins.String()
}

// visited is is_state_visited: at a pruning point, report whether a stored
// state covers the current one, else store the current one.
func (w *walker) visited(idx int) bool {
	if !w.prune[idx] {
		return false
	}
	for _, old := range w.explored[idx] {
		if equalKernel(old, w.cur) {
			return true
		}
	}
	w.explored[idx] = append(w.explored[idx], w.newState(w.cur))
	w.states++
	w.notePeak()
	return false
}

func (w *walker) notePeak() {
	if alive := w.states + len(w.pending); alive > w.peak {
		w.peak = alive
	}
}

// push saves the current state as the branch to insn, taken at prev.
func (w *walker) push(insn, prev int) (*State, *kerr) {
	cp := w.newState(w.cur)
	w.pending = append(w.pending, branch{st: cp, insn: insn, prev: prev, trail: len(w.trail)})
	if len(w.pending) > maxPending {
		return nil, &kerr{errno: "EFAULT", code: "too-complex", msg: "BPF program is too complex"}
	}
	w.notePeak()
	return cp, nil
}

// pop resumes the most recently pushed branch.
func (w *walker) pop() (insn, prev int, ok bool) {
	if len(w.pending) == 0 {
		return 0, 0, false
	}
	b := w.pending[len(w.pending)-1]
	w.pending = w.pending[:len(w.pending)-1]
	w.free = append(w.free, w.cur) // the finished path's state
	w.cur = b.st
	if w.trailOn {
		w.trail = w.trail[:b.trail]
	}
	return b.insn, b.prev, true
}

// logState is print_verifier_state.
func (w *walker) logState(s *State) {
	if !w.logOn {
		return
	}
	for i, r := range s.Regs {
		if r.Type == NotInit {
			continue
		}
		fmt.Fprintf(&w.log, " R%d=%s", i, r.Type)
		switch {
		case r.Type == ConstImm || r.Type == PtrToStack:
			fmt.Fprintf(&w.log, "%d", r.Imm())
		case r.Type.isMapType():
			m := w.mapOf(r)
			fmt.Fprintf(&w.log, "(ks=%d,vs=%d)", m.KeySize, m.ValueSize)
		}
	}
	for i := 0; i < StackSize; i += slotSize {
		if s.Stack[i] == StackSpill {
			fmt.Fprintf(&w.log, " fp%d=%s", i-StackSize, s.Spilled[i/slotSize].Type)
		}
	}
	w.log.WriteByte('\n')
}

// mapOf returns the map a map-typed register points at.
func (w *walker) mapOf(r Reg) ir.MapSpec {
	if i := r.mapIndex(); i >= 0 && i < len(w.prog.Maps) {
		return w.prog.Maps[i]
	}
	return ir.MapSpec{}
}
