package absint

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/ir"
)

// kerr is a rejection found while walking; the walker adds the insn.
type kerr struct {
	errno, code, msg string
	silent           bool
}

// errf is the profile's rejection for code, with that code's arguments.
func (w *walker) errf(code string, args ...any) *kerr {
	m, text := w.msgs.text(code, args...)
	return &kerr{errno: m.Errno, code: code, msg: text, silent: m.Silent}
}

// walker is the kernel profiles' domain on the shared walk (engine.go):
// the 2015 register union, byte-exact pruning at the kernel's pruning points,
// and the kernel's log.
type walker struct {
	walk[*State]
	onState func(int, *[11]RegState) // Options.OnState (reportKernelState)
	// negMov32 caches movesNegative32: 0 not known, 1 no, 2 yes.
	negMov32 uint8
	prof     *Profile
	rules    ProgTypeRules
	prog     *ir.Program
	insns    []ir.Instruction
	// marks is the kernel's reuse of LDX/STX imm fields: the base pointer
	// type each such insn was first verified with (0 = not yet).
	marks     []RegType
	explored  [][]*State
	cur       *State
	gpl       bool
	err       *kerr // the rejection a step or the pruning point found
	prebuilt  *kerr // the rejection of an obligation found failing where it was listed
	failed    kob   // the obligation that failed (hasFailed), for Result.Failure
	hasFailed bool

	// prev and resumed are the jump that pushed the path being walked and
	// whether its first instruction is still to come (for the log).
	prev    int
	resumed bool

	logOn bool

	// trail is the current path (insns in execution order), kept only
	// when Options.Path asks for it; nil otherwise.
	trailOn bool
	trail   []int

	states, peak int
	warnings     []Diagnostic
	warned       map[int]bool

	// onNeed, for tests (watch), sees every obligation after its
	// discharge; stepStart (allocated by the test) is then the state
	// before the instruction being stepped. skip is the flag that lets
	// need pass an obligation without discharging it: kHolds, 0 while
	// onNeed watches.
	onNeed    func(kob)
	stepStart *State
	skip      kflags

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
		walk: walk[*State]{limits: &prof.Limits, msgs: prof.Messages},
		prof: prof, rules: rules, prog: p, insns: p.Insns,
		marks: make([]RegType, len(p.Insns)), explored: make([][]*State, len(p.Insns)),
		gpl: licenseGPLCompatible(p.License), logOn: logOn, warned: map[int]bool{}, skip: kHolds,
	}
}

// watch shows every obligation to f after its discharge (tests).
func (w *walker) watch(f func(kob)) {
	w.onNeed, w.skip = f, 0
}

func (w *walker) logf(format string, args ...any) {
	if w.logOn {
		fmt.Fprintf(&w.log, format, args...)
	}
}

// finish finishes a walk with a verdict.
func (w *walker) finish(r *Result) *Result {
	r.Log = w.log.String()
	r.Warnings = w.warnings
	r.Stats.Processed, r.Stats.States, r.Stats.PeakStates = w.processed, w.states, w.peak
	return r
}

// fail rejects at insn with a logged message.
func (w *walker) fail(insn int, errno, code, msg string) *Result {
	w.logf("%s\n", msg)
	return w.withPath(w.finish(reject(errno, Diagnostic{Insn: insn, Code: code, Message: msg})))
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
		return w.withPath(w.finish(reject(e.errno, Diagnostic{Insn: insn, Code: e.code, Message: e.msg, KernelSilent: true})))
	}
	return w.fail(insn, e.errno, e.code, e.msg)
}

// structural turns a pre-pass or check_cfg error into a result.
func (w *walker) structural(e *structErr) *Result {
	return withFailure(w.failErr(e.insn, w.errf(e.code, e.args...)), Obligation{Insn: e.insn, Kind: ObWellFormed, Reg: -1})
}

// withFailure gives a rejection its failed obligation. The kernel
// profiles' path is Result.Path (Options.Path), not Failure.Path.
func withFailure(r *Result, ob Obligation) *Result {
	ob.Holds = false
	r.Failure = &Failure{Obligation: ob}
	return r
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
	return runWalk[*State](&w.walk, kernelDomain{w}, 0)
}

// kernelDomain is the walker as the walk's domain. A struct (not the
// pointer itself) so that the walk is compiled for it alone, with direct
// calls: every pointer type shares one instantiation of a generic function.
type kernelDomain struct{ *walker }

// The walker's side of the walk (engine.go's domain).

func (w *walker) arrive(idx int) {
	if w.trailOn {
		w.trail = append(w.trail, idx)
	}
}

// enter and endPath test logOn before calling logf: its arguments would
// be boxed (an allocation each) before logf could test it.
func (w *walker) enter(idx int) {
	if w.resumed {
		if w.logOn {
			w.logf("\nfrom %d to %d:", w.prev, idx)
			w.logState(w.cur)
		}
		w.resumed = false
	}
	if w.logOn {
		w.logf("%d: %s\n", idx, w.printable(idx))
	}
	if w.onState != nil {
		w.reportKernelState(idx)
	}
}

func (w *walker) step(idx int) (int, flow) {
	if w.onNeed != nil {
		*w.stepStart = *w.cur
	}
	next, exit, e := w.stepInsn(idx, w.insns[idx])
	switch {
	case e != nil:
		w.err = e
		return 0, flowFail
	case exit:
		return 0, flowExit
	}
	return next, flowNext
}

func (w *walker) stepped(int) {}

func (w *walker) endPath(idx int, pruned bool) {
	if !pruned || !w.logOn {
		return
	}
	if w.resumed {
		w.logf("\nfrom %d to %d: safe\n", w.prev, idx)
	} else {
		w.logf("%d: safe\n", idx)
	}
}

// resume continues with a popped branch; the finished path's state is free.
func (w *walker) resume(b branch[*State]) {
	w.free = append(w.free, w.cur)
	w.cur = b.st
	if w.trailOn {
		w.trail = w.trail[:b.path]
	}
	w.prev, w.resumed = b.prev, true
}

func (w *walker) accept() *Result { return w.finish(&Result{Verdict: Accept}) }

// reject is a rejection found by stepping insn idx: an obligation that
// failed, or (none failed) the pending branches' limit its jump reached.
func (w *walker) reject(idx int) *Result {
	ob := Obligation{Insn: idx, Kind: ObLimit, Reg: -1, Limit: int64(w.limits.Pending)}
	if w.hasFailed {
		ob = w.failed.Obligation()
	}
	return withFailure(w.failErr(idx, w.err), ob)
}

func (w *walker) overLimit(idx int, code string, count, limit int) *Result {
	return withFailure(w.failErr(idx, w.errf(code, count, limit)), Obligation{Insn: idx, Kind: ObLimit, Reg: -1, Limit: int64(limit)})
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

// visit is is_state_visited at a pruning point: report whether a stored
// state covers the current one, else store the current one.
func (w *walker) visit(idx int) (bool, flow) {
	for _, old := range w.explored[idx] {
		if equalKernel(old, w.cur) {
			return true, flowNext
		}
	}
	w.explored[idx] = append(w.explored[idx], w.newState(w.cur))
	w.states++
	w.notePeak()
	return false, flowNext
}

func (w *walker) notePeak() {
	if alive := w.states + len(w.pending); alive > w.peak {
		w.peak = alive
	}
}

// push saves the current state as the branch to insn, taken at prev.
func (w *walker) push(insn, prev int) (*State, *kerr) {
	cp := w.newState(w.cur)
	if w.walk.push(branch[*State]{st: cp, insn: insn, prev: prev, path: len(w.trail)}) {
		return nil, w.errf("too-complex", len(w.pending), w.limits.Pending)
	}
	w.notePeak()
	return cp, nil
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
