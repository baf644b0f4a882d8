package absint

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Limits of the modern kernels' walk (profile data: modernLimits): the
// walk's own (Limits: the program's length, BPF_COMPLEXITY_LIMIT_INSNS
// processed instructions, BPF_COMPLEXITY_LIMIT_JMP_SEQ pending branches)
// and the domain's.
type modernLimits struct {
	Limits
	callFrames int // MAX_CALL_FRAMES
	stackSize  int // MAX_BPF_STACK
	// stackRound is what each frame's stack is rounded up to in the sum of
	// a call chain (round_up_stack_depth): 16 bytes, and 0 stays 0, where
	// the program is JIT-compiled, as on x86-64 with the JIT on (always,
	// with CONFIG_BPF_JIT_ALWAYS_ON); the interpreter's 32 and at least 32
	// would reject chains the JIT-ed kernel accepts.
	stackRound  int
	keepStates  int // path length up to which a rejection keeps the states along its path
	maxVarOff   int64
	maxPacketOf int64
	stateMemory int64 // bytes of stored states and nodes (Options.MaxStateMemory; 0: none)
}

var limits618 = modernLimits{Limits: Limits{MaxInsns: 1_000_000, Processed: 1_000_000, Pending: 8192},
	callFrames: 8, stackSize: 512, stackRound: 16, keepStates: 256, maxVarOff: 1 << 29, maxPacketOf: 0xffff}

// merr is a rejection found while stepping: the obligation that failed,
// and the message in the kernel's style.
type merr struct {
	errno, code, msg string
	key              string   // the message's key in the profile's Messages, until resolved
	args             []any    // key's arguments
	pre              []string // lines the kernel logs before msg
	ob               Obligation
	unsupported      bool
	path             []PathStep // the rejected path, when not the current one (precise)
}

// mnode is a stored state at a pruning point. branches counts the paths
// from it still being explored; only a finished node (0) may prune.
type mnode struct {
	st       *mstate
	branches int32
	parent   int32
	insn     int32
	hits     int32
	misses   int32
	fp       uint64 // fingerprint of the live registers, for the exact comparison
	path     int32  // the trail's length when it was stored
	// Stack liveness, per frame: read has a bit per slot some path after
	// the state read before writing it; segWritten the slots wholly
	// written between the parent and this state.
	read, segWritten []uint64
	// walked is what the walk back for precision already took past a
	// node without a state (st nil).
	walked precSet
}

// mwalker walks every path of a program in the modern domain: depth
// first, fall-through first, pending branches popped LIFO, pruning against
// finished states that cover the current one.
type mwalker struct {
	walk[*mstate]
	prof  *Profile
	rules *modernRules
	prog  *ir.Program
	insns []ir.Instruction
	// maps are the program's maps, then the inner maps of its map-in-maps
	// (aux of map pointers and values indexes it).
	maps  []ir.MapSpec
	inner []int // per map: the index of its inner map's spec, -1 for none
	lim   modernLimits

	funcOf    []int32  // per insn: the entry of the function it belongs to
	cbCall    []bool   // per insn: a helper call that calls a callback synchronously
	iterNext  []bool   // per insn: a call of bpf_iter_num_next
	iterFrame int      // the frame of the iterator iterArg found
	live      []uint16 // registers live before each insn
	stored    [][]int32
	nodes     []mnode
	cur       *mstate
	err       *merr // the rejection a step or a pruning point found
	trail     []PathStep
	aux       []int32 // per trail step: what backtracking needs (modern_precise.go)
	gpl       bool
	idGen     uint32
	at        int // the instruction being stepped

	// The precise profile: the instructions whose checks were deferred to
	// the solver, in the order met, the domain's failure at each with the
	// path it was first met on, and the solver's check.
	deferred     []int
	deferredErr  map[int]*merr
	deferredPath map[int][]PathStep
	discharge    func(*ir.Program, []int) Discharged

	stackDepth map[int]int // function entry -> deepest stack byte used
	obls       []Obligation
	oblSeen    [][2]uint64 // per insn: the (kind, register) obligations recorded

	logLevel int

	peak int
	// stateMem estimates the bytes stored states and nodes hold now,
	// peakStateMem the most they held (modern_memory.go).
	stateMem, peakStateMem int64
	free                   []*mstate
	onState                func(int, *[11]RegState)

	// Global functions: entry and entryFunc say where this walk starts (a
	// global function verified on its own); globalsCalled lists the ones
	// its calls reached; root is the outermost walker, which remembers
	// which were verified.
	entry         int
	entryFunc     *ir.Func
	globalsCalled []*ir.Func
	root          *mwalker
	globalsDone   map[int]bool
	// The kernel's checkpoint heuristics: jumps and instructions walked
	// since the last stored state.
	jumps, lastJumps, lastProcessed int
	ids                             idmap // coversAll's id pairs
}

// clone copies a state into one from the walker's free list.
func (w *mwalker) clone(s *mstate) *mstate {
	var n *mstate
	if k := len(w.free); k > 0 {
		n, w.free = w.free[k-1], w.free[:k-1]
	} else {
		n = &mstate{}
	}
	n.copyFrom(s)
	return n
}

// recycle returns a state no path uses any more.
func (w *mwalker) recycle(s *mstate) {
	if len(w.free) < 256 {
		w.free = append(w.free, s)
	}
}

// reportState hands the current registers to Options.OnState.
func (w *mwalker) reportState(insn int) {
	var rs [11]RegState
	f := w.cur.cur()
	for r := range f.regs {
		g := &f.regs[r]
		rs[r] = RegState{Value: g.v, Off: g.off, Live: w.live[insn]&(1<<r) != 0 || r == 10}
		if g.t != mNotInit {
			rs[r].Type = g.typeName()
		}
	}
	w.onState(insn, &rs)
}

func (w *mwalker) newID() uint32 { w.idGen++; return w.idGen }

func (w *mwalker) logf(format string, args ...any) {
	if w.logLevel > 0 {
		fmt.Fprintf(&w.log, format, args...)
	}
}

// record keeps the first instance of each instruction's obligation of a
// kind, for the Result.
func (w *mwalker) record(o Obligation) {
	b := int(o.Kind)*12 + o.Reg + 1
	if o.Reg < -1 || o.Reg > 10 || b >= 128 || o.Insn < 0 || o.Insn >= len(w.oblSeen) {
		return
	}
	m := &w.oblSeen[o.Insn][b/64]
	if *m&(1<<(b%64)) != 0 || len(w.obls) >= 1<<16 {
		return
	}
	*m |= 1 << (b % 64)
	w.obls = append(w.obls, o)
}

// run walks the program from its entry on the shared walk (engine.go).
func (w *mwalker) run() *Result {
	st := w.initialState()
	if f := w.entryFunc; f != nil {
		var e *merr
		if st, e = w.globalEntryState(f); e != nil {
			return w.reject(f.Insn, e)
		}
	}
	w.cur = st
	return runWalk[*mstate](&w.walk, modernDomain{w}, w.entry)
}

// modernDomain is the modern walker's side of the shared walk.
type modernDomain struct{ w *mwalker }

func (d modernDomain) arrive(int) {}

func (d modernDomain) visit(insn int) (bool, flow) {
	pruned, e := d.w.visit(insn)
	if e != nil {
		d.w.err = e
		return false, flowFail
	}
	return pruned, flowNext
}

func (d modernDomain) enter(insn int) {
	w := d.w
	w.trail = append(w.trail, PathStep{Insn: insn})
	w.aux = append(w.aux, 0)
	if w.onState != nil {
		w.reportState(insn)
	}
	if w.insns[insn].Opcode.Class().IsJump() {
		w.jumps++
	}
}

func (d modernDomain) step(insn int) (int, flow) {
	next, done, e := d.w.step(insn)
	switch {
	case e != nil:
		d.w.err = e
		return 0, flowFail
	case done:
		return 0, flowExit
	}
	return next, flowNext
}

func (d modernDomain) stepped(insn int) {
	if d.w.logLevel > 0 {
		d.w.logInsn(insn)
	}
}

func (d modernDomain) endPath(insn int, pruned bool) {
	if pruned {
		d.w.logf("%d: safe\n", insn)
	}
	d.w.finishPath()
	d.w.recycle(d.w.cur)
}

// resume continues the popped path.
func (d modernDomain) resume(b branch[*mstate]) {
	w := d.w
	w.trail = w.trail[:b.st.path]
	w.aux = w.aux[:b.st.path]
	if n := len(w.trail); n > 0 && w.trail[n-1].Insn == b.prev {
		w.trail[n-1].Branch = 1
		if b.st.fallThrough {
			w.trail[n-1].Branch = -1
		}
	}
	b.st.fallThrough = false
	w.cur = b.st
	w.logf("from %d to %d:\n", b.prev, b.insn)
}

func (d modernDomain) accept() *Result { return d.w.accept() }

func (d modernDomain) reject(insn int) *Result { return d.w.reject(insn, d.w.err) }

func (d modernDomain) overLimit(insn int, code string, count, limit int) *Result {
	return d.w.reject(insn, mfail(code, Obligation{Insn: insn, Kind: ObLimit, Reg: -1, Limit: int64(limit)}, count, limit))
}

func (d modernDomain) finish(r *Result) *Result { return d.w.finish(r) }

// push queues the path that continues at insn with state s (a copy the
// caller made), pushed by the jump at prev.
func (w *mwalker) push(s *mstate, insn, prev int) {
	s.path = int32(len(w.trail))
	if s.parent >= 0 {
		w.nodes[s.parent].branches++
	}
	w.walk.push(branch[*mstate]{st: s, insn: insn, prev: prev, path: int(s.path)}) // the walk checks the limit after the step
	if n := len(w.pending) + len(w.nodes); n > w.peak {
		w.peak = n
	}
}

// pushFall is push for a path that falls through the jump at prev
// (may_goto's), so that the path record marks the jump not taken.
func (w *mwalker) pushFall(s *mstate, insn, prev int) {
	s.fallThrough = true
	w.push(s, insn, prev)
}

// finishPath ends the current path: its stored ancestors have one path
// fewer in progress.
func (w *mwalker) finishPath() {
	for n := w.cur.parent; n >= 0; n = w.nodes[n].parent {
		w.nodes[n].branches--
		if w.nodes[n].branches > 0 {
			break
		}
	}
}

// visit is is_state_visited: prune when a finished state covers the
// current one, reject an infinite loop when an unfinished state equals it,
// else store the current state.
func (w *mwalker) visit(insn int) (bool, *merr) {
	live := w.live[insn]
	mayGoto := w.insns[insn].Opcode == ir.OpMayGoto
	force := mayGoto || w.cbCall[insn] || w.iterNext[insn] // the kernel's force_checkpoint
	add := force || w.jumps-w.lastJumps >= 2 && w.processed-w.lastProcessed >= 8
	list := w.stored[insn]
	var fp uint64
	for k := 0; k < len(list); k++ {
		n := &w.nodes[list[k]]
		if n.branches == 0 {
			if w.covers(n.st, n.read, w.cur, live, false) {
				n.hits++
				w.stored[insn] = list
				w.inheritPrecision(n)
				for fi, m := range n.read {
					w.markRead(fi, m)
				}
				return true, nil
			}
		} else if pruned, e := w.visitUnfinished(n, insn, live, mayGoto, &fp); pruned || e != nil {
			return pruned, e
		} else if !force && w.jumps-w.lastJumps < 20 && w.processed-w.lastProcessed < 100 {
			// In a loop, store states only now and then: iterations differ.
			add = false
		}
		// A miss counts only where a state is going to be stored, so that
		// the iterations of a loop do not evict the states of earlier ones.
		if add {
			n.misses++
		}
		// Forget states that keep failing to prune; an unfinished one
		// stays as a boundary of the walks back (its node), and at a
		// forced checkpoint it gets more chances (loops converge there).
		lim := int32(3)
		if force && n.branches > 0 {
			lim = 64
		}
		if n.misses > n.hits*lim+lim {
			w.forgetStored(n.st)
			w.recycle(n.st)
			n.st = nil
			list = append(list[:k], list[k+1:]...)
			k--
		}
	}
	w.stored[insn] = list
	if !add {
		return false, nil
	}
	w.lastJumps, w.lastProcessed = w.jumps, w.processed
	if fp == 0 {
		fp = w.fingerprint(w.cur, live)
	}
	// A new stored state starts with no precision marks (as the kernel's
	// mark_all_scalars_imprecise): every mark it gets comes from walking
	// back from a use, which also marks its ancestors, so a mark found on
	// the way back means the rest of the way was walked already.
	clearPrecise(w.cur)
	e := w.checkpoint(w.clone(w.cur), insn, fp)
	w.stored[insn] = append(list, w.cur.parent)
	if k := len(w.pending) + len(w.nodes); k > w.peak {
		w.peak = k
	}
	return false, e
}

// visitUnfinished compares the current state with n's, whose exploration
// is unfinished (a loop): pruned when an iteration of a loop that
// may_goto, a callback or an iterator bounds is covered by an earlier one,
// an error when it equals n's (an infinite loop). fp caches the current
// state's fingerprint.
func (w *mwalker) visitUnfinished(n *mnode, insn int, live uint16, mayGoto bool, fp *uint64) (bool, *merr) {
	if (mayGoto && n.st.mayGoto != w.cur.mayGoto || w.cbCall[insn] || w.iterNext[insn] && w.iterActiveAt(insn)) &&
		w.coversLoop(n.st, w.cur, live) {
		// Covered (RANGE_WITHIN): its continuation is that of the earlier
		// state, still being explored.
		n.hits++
		w.loopHit()
		return true, nil
	}
	if w.cbCall[insn] || w.iterNext[insn] {
		return false, nil // callback and iterator iterations are never an infinite loop
	}
	if *fp == 0 {
		*fp = w.fingerprint(w.cur, live)
	}
	if n.fp == *fp && n.st.mayGoto == w.cur.mayGoto && n.st.cbUnroll == w.cur.cbUnroll && w.covers(n.st, n.read, w.cur, live, true) {
		return false, &merr{errno: "EINVAL", code: "infinite-loop",
			msg: fmt.Sprintf("infinite loop detected at insn %d", insn),
			ob:  Obligation{Insn: insn, Kind: ObLimit, Reg: -1, Want: "termination"}}
	}
	return false, nil
}

// checkpoint makes a stored state (st; nil for one kept only as a
// boundary of the walks back) the current path's newest ancestor. The
// error is the stored-state memory bound's.
func (w *mwalker) checkpoint(st *mstate, insn int, fp uint64) *merr {
	n := mnode{st: st, branches: 1, parent: w.cur.parent, insn: int32(insn), fp: fp, path: int32(len(w.trail)),
		read: make([]uint64, len(w.cur.frames)), segWritten: make([]uint64, len(w.cur.frames))}
	for fi, f := range w.cur.frames {
		n.segWritten[fi], f.written = f.written, 0
	}
	w.nodes = append(w.nodes, n)
	w.cur.parent = int32(len(w.nodes) - 1)
	if e := w.noteStored(&w.nodes[len(w.nodes)-1]); e != nil {
		e.ob.Insn = insn
		return e
	}
	return nil
}

func (w *mwalker) finish(r *Result) *Result {
	r.Log = w.log.String()
	r.Stats.Processed, r.Stats.States, r.Stats.PeakStates = w.processed, len(w.nodes), w.peak
	r.Stats.StateMemory = w.peakStateMem
	r.Obligations = w.obls
	return r
}

func (w *mwalker) accept() *Result {
	// As the kernel does, the global functions are verified before the
	// stack of every call chain is summed: the chains run through them too.
	if r := w.verifyGlobals(); r != nil {
		w.log.Reset()
		return r
	}
	// Only the program's own walk sums the chains (the kernel's
	// check_max_stack_depth starts at the main program): a global
	// function's chains are parts of its callers'.
	if w.root == w {
		if e := w.checkStackDepth(); e != nil {
			return w.reject(w.entry, e)
		}
	}
	if len(w.deferred) > 0 {
		if r := w.dischargeDeferred(); r != nil {
			return r
		}
	}
	w.logf("processed %d insns (limit %d) max_states_per_insn %d total_states %d peak_states %d mark_read 0\n",
		w.processed, w.lim.Processed, w.maxStatesPerInsn(), len(w.nodes), w.peak)
	return w.finish(&Result{Verdict: Accept})
}

func (w *mwalker) maxStatesPerInsn() int {
	m := 0
	for _, l := range w.stored {
		m = max(m, len(l))
	}
	return m
}

func (w *mwalker) reject(insn int, e *merr) *Result {
	e.resolve(w.prof.Messages)
	for _, l := range e.pre {
		w.logf("%s\n", l)
	}
	w.logf("%s\n", e.msg)
	w.logf("processed %d insns (limit %d) max_states_per_insn %d total_states %d peak_states %d mark_read 0\n",
		w.processed, w.lim.Processed, w.maxStatesPerInsn(), len(w.nodes), w.peak)
	e.ob.Insn = insn
	e.ob.Holds = false
	verdict := Reject
	if e.unsupported {
		verdict = Unsupported
	}
	r := &Result{Verdict: verdict, Errno: e.errno, Diag: &Diagnostic{Insn: insn, Code: e.code, Message: e.msg}}
	if e.unsupported {
		r.Errno = ""
	}
	path := append([]PathStep(nil), w.trail...)
	if e.path != nil {
		path = e.path
	}
	if n := len(path); n == 0 || path[n-1].Insn != insn {
		path = append(path, PathStep{Insn: insn})
	}
	r.Failure = &Failure{Obligation: e.ob, Path: path}
	w.obls = append(w.obls, e.ob)
	return w.finish(r)
}

// isFuncEntry says whether insn starts a function (static or global).
func (w *mwalker) isFuncEntry(insn int) bool {
	return insn >= 0 && insn < len(w.insns) && int(w.funcOf[insn]) == insn
}

// checkStackDepth is check_max_stack_depth: along every chain of calls,
// static and global alike, the frames' stack sizes, each rounded up to 16
// bytes (lim.stackRound), sum to at most 512. A global function's own size is known once it
// has been verified (verifyGlobals).
func (w *mwalker) checkStackDepth() *merr {
	var worst func(entry, depth int) (int, int)
	seen := 0
	worst = func(entry, depth int) (int, int) {
		seen++
		if depth > w.lim.callFrames || seen > 1<<16 {
			return 0, depth
		}
		r := w.lim.stackRound
		own := (w.stackDepth[entry] + r - 1) / r * r
		best, frames := own, depth
		for i := entry; i < len(w.insns) && int(w.funcOf[i]) == entry; i++ {
			in := w.insns[i]
			// A callback (the address of a function) runs on top of its
			// caller's frame like a call (check_max_stack_depth).
			call := in.Opcode == ir.OpCall && in.Src == ir.CallLocal || in.Opcode == ir.OpLoadImm64 && in.Src == ir.PseudoFunc
			if call && w.isFuncEntry(i+1+int(in.Imm)) {
				if s, f := worst(i+1+int(in.Imm), depth+1); own+s > best {
					best, frames = own+s, f
				}
			}
		}
		return best, frames
	}
	total, frames := worst(w.entry, 1)
	if total > w.lim.stackSize && frames > 1 {
		return &merr{errno: "EACCES", code: "stack-too-large",
			msg: fmt.Sprintf("combined stack size of %d calls is %d. Too large", frames, total),
			ob:  Obligation{Kind: ObLimit, Reg: -1, Region: RegionStack, Limit: int64(w.lim.stackSize)}}
	}
	return nil
}
