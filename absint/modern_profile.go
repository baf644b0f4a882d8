package absint

import (
	"fmt"
	"sort"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// modernRules are what the modern profile knows about one program type.
type modernRules struct {
	ctx      *platform.Context
	pktWrite bool      // direct packet stores are allowed
	ldAbs    bool      // LD_ABS/LD_IND are allowed
	ret      *[2]int64 // the range R0 must lie in at exit, nil: any number
	ret32    bool      // ret bounds R0's 32-bit subregister (lsm)
	retVoid  bool      // the attach target returns void: R0 need not be set (struct_ops)
	// btf: the context of a tracing, lsm or struct_ops program, typed by
	// its attach target (nil for the others).
	btf *btfRules
	// spec is the kernel BTF that BTF pointers' type ids refer to.
	spec *btf.Spec
}

// modernRulesFor returns the rules of a program type, or nil when the
// profile cannot model it.
func modernRulesFor(p *ir.Program) *modernRules {
	t := platform.ProgType(p.Type)
	ctx, ok := contextFor(t, p)
	if !ok {
		return nil
	}
	r := &modernRules{ctx: ctx}
	r.ldAbs, r.pktWrite = platform.PacketRules618(t)
	if lo, hi, checked := platform.ReturnRange618(t, p.AttachType); checked {
		r.ret = &[2]int64{lo, hi}
	}
	return r
}

// Map flags the verifier reads.
const (
	mapFlagRdonlyProg = 1 << 7 // BPF_F_RDONLY_PROG
)

// mapReadOnly reports whether the program may only read map idx's values.
func (w *mwalker) mapReadOnly(idx int) bool {
	m := &w.maps[idx]
	return m.Flags&mapFlagRdonlyProg != 0 || m.Frozen
}

// mapContents returns a frozen read-only map's contents when the program
// carries them (nil otherwise).
func (w *mwalker) mapContents(idx int) []byte { return mapInitialContents(w.maps, idx) }

// verifyModern runs the modern pipeline: structural checks, then the walk.
func verifyModern(prof *Profile, p *ir.Program, opts Options) *Result {
	logLevel := opts.LogLevel
	n := len(p.Insns)
	lim := limits618
	lim.Limits = prof.Limits
	lim.stateMemory = stateMemoryLimit(opts.MaxStateMemory)
	if n == 0 {
		m, text := prof.Messages.text("empty-program")
		return reject(m.Errno, Diagnostic{Code: "empty-program", KernelSilent: m.Silent, Message: text})
	}
	if n > lim.MaxInsns {
		m, text := prof.Messages.text("too-many-insns", n, lim.MaxInsns)
		return reject(m.Errno, Diagnostic{Code: "too-many-insns", KernelSilent: m.Silent, Message: text})
	}
	rules := modernRulesFor(p)
	if rules == nil {
		return &Result{Verdict: Unsupported, Diag: &Diagnostic{Code: "unsupported-prog-type",
			Message: fmt.Sprintf("program type %s is not known to %s", p.Type, prof.Name)}}
	}
	if rules.ctx.BTFArgs {
		if res := setupBTF(prof, p, rules); res != nil {
			return res
		}
	}
	w := &mwalker{prof: prof, rules: rules, prog: p, insns: p.Insns, lim: lim,
		gpl: licenseGPLCompatible(p.License), logLevel: logLevel,
		stackDepth: map[int]int{}, oblSeen: make([][2]uint64, n), onState: opts.OnState, discharge: opts.Discharge,
		globalsDone: map[int]bool{}}
	w.root = w
	w.walk = walk[*mstate]{limits: &w.lim.Limits, msgs: prof.Messages, deadline: newDeadline(opts.Timeout)}
	if e := w.structure(); e != nil {
		e.resolve(prof.Messages)
		w.logf("%s\n", e.msg)
		res := reject(e.errno, Diagnostic{Insn: int(e.ob.Insn), Code: e.code, Message: e.msg})
		res.Failure = &Failure{Obligation: e.ob}
		return w.finish(res)
	}
	w.maps = append([]ir.MapSpec(nil), p.Maps...)
	w.inner = make([]int, len(w.maps))
	for i := range p.Maps {
		w.inner[i] = -1
		if in := p.Maps[i].Inner; in != nil {
			w.inner[i] = len(w.maps)
			w.maps = append(w.maps, *in)
			w.inner = append(w.inner, -1)
		}
	}
	w.computeLiveness()
	w.stored = make([][]int32, n)
	return w.run()
}

// initialState is the state at the program's entry: r1 the context, r10
// the frame pointer.
func (w *mwalker) initialState() *mstate {
	f := &mframe{callsite: -1, entry: w.entry}
	f.regs[1] = ptrReg(mCtx)
	f.regs[10] = ptrReg(mStack)
	return &mstate{frames: []*mframe{f}, parent: -1}
}

// structure is the modern check_subprogs and check_cfg: function
// boundaries, jumps inside their function, no jump into a LD_IMM64, no
// unreachable instruction, every function ending in an exit or a jump.
func (w *mwalker) structure() *merr {
	insns := w.insns
	n := len(insns)
	wf := func(i int, key string, args ...any) *merr {
		return mfail(key, Obligation{Insn: i, Kind: ObWellFormed, Reg: -1}, args...)
	}
	second := make([]bool, n)
	entries := []int{0}
	for i := 0; i < n; i++ {
		in := insns[i]
		if in.Opcode.IsLoadImm64() {
			if i+1 >= n {
				return wf(i, "invalid-ld-imm64")
			}
			second[i+1] = true
			if in.Src == ir.PseudoFunc {
				entries = append(entries, i+1+int(in.Imm))
			}
			i++
			continue
		}
		if in.Opcode == ir.OpCall && in.Src == ir.CallLocal {
			t := i + 1 + int(in.Imm)
			if t < 0 || t >= n {
				return wf(i, "jump-out-of-range/call", i, t)
			}
			entries = append(entries, t)
		}
	}
	sort.Ints(entries)
	for _, e := range entries { // before any function's range is walked
		if e < 0 || e >= n {
			return wf(0, "jump-out-of-range/call-target")
		}
	}
	w.funcOf = make([]int32, n)
	for k, e := range entries {
		if second[e] {
			return wf(e, "jump-into-ld-imm64", e)
		}
		end := n
		if k+1 < len(entries) {
			end = entries[k+1]
		}
		for i := e; i < end; i++ {
			w.funcOf[i] = int32(e)
		}
	}
	// Jumps stay inside their function and off LD_IMM64 second halves.
	var buf []int
	for i := 0; i < n; i++ {
		if second[i] {
			continue
		}
		in := insns[i]
		op := in.Opcode
		if op.Class().IsJump() && op.JumpOp() != ir.JumpCall && op.JumpOp() != ir.JumpExit {
			t := i + 1 + int(in.Off)
			if op == ir.OpJA32 {
				t = i + 1 + int(in.Imm)
			}
			if t < 0 || t >= n || w.funcOf[t] != w.funcOf[i] {
				return wf(i, "jump-out-of-range/jump", i, t)
			}
			if second[t] {
				return wf(i, "jump-into-ld-imm64", t)
			}
		}
		last := i + 1
		if op.IsLoadImm64() {
			last = i + 2
		}
		if last >= n || w.funcOf[last] != w.funcOf[i] {
			if !(op == ir.OpExit || op == ir.OpJA || op == ir.OpJA32) {
				return wf(i, "last-insn-not-exit")
			}
		}
	}
	// Reachability, from every function's entry.
	seen := make([]bool, n)
	stack := append([]int(nil), entries...)
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[i] {
			continue
		}
		seen[i] = true
		buf = w.succs(i, buf[:0])
		stack = append(stack, buf...)
	}
	for i := 0; i < n; i++ {
		if !seen[i] && !second[i] {
			return wf(i, "unreachable-insn", i)
		}
	}
	// Pruning points: conditional jumps, jump targets (of conditional
	// jumps too, as the kernel's push_insn marks every branch target),
	// after calls, and
	// helper calls that call a callback (forced checkpoints there).
	w.prune = make([]bool, n)
	w.cbCall = make([]bool, n)
	w.iterNext = make([]bool, n)
	for i := 0; i < n; i++ {
		if second[i] {
			continue
		}
		op := insns[i].Opcode
		if !op.Class().IsJump() {
			continue
		}
		switch op.JumpOp() {
		case ir.JumpExit:
		case ir.JumpCall:
			if i+1 < n {
				w.prune[i+1] = true
			}
			if insns[i].Src == ir.CallLocal {
				w.prune[i] = true
			}
			if insns[i].Src == ir.CallHelper && syncCallbacks[platform.HelperID(insns[i].Imm)] != nil {
				w.prune[i], w.cbCall[i] = true, true
			}
			if w.isIterNext(i) {
				w.prune[i], w.iterNext[i] = true, true
			}
		case ir.JumpJA:
			if t := i + 1 + int(insns[i].Off); op == ir.OpJA && t < n {
				w.prune[t] = true
			} else if t := i + 1 + int(insns[i].Imm); op == ir.OpJA32 && t < n {
				w.prune[t] = true
			}
		default:
			w.prune[i] = true
			if t := i + 1 + int(insns[i].Off); t >= 0 && t < n {
				w.prune[t] = true
			}
		}
	}
	return nil
}
