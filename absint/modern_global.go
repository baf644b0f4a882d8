package absint

import (
	"fmt"
	"slices"

	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// modernGlobalProto stands for a global function's memory arguments when
// they are checked like a helper's: packet memory allowed.
var modernGlobalProto = platform.Proto{PktAccess: true}

// Global functions (BTF linkage global) are verified once, on their own,
// from their BTF signature; a call to one checks the arguments against the
// signature and does not descend into it.

// globalFunc returns the function starting at insn when it is global with
// a known signature.
func (w *mwalker) globalFunc(insn int) *ir.Func {
	for i := range w.prog.Funcs {
		f := &w.prog.Funcs[i]
		if f.Insn == insn && f.Global && f.Proto != nil {
			return f
		}
	}
	return nil
}

// verifyGlobals verifies every global function the walk called, each on
// its own from its signature (once); the first rejection is the
// program's.
func (w *mwalker) verifyGlobals() *Result {
	for k := 0; k < len(w.globalsCalled); k++ {
		f := w.globalsCalled[k]
		if w.root.globalsDone[f.Insn] {
			continue
		}
		w.root.globalsDone[f.Insn] = true
		sub := &mwalker{prof: w.prof, rules: w.rules, prog: w.prog, insns: w.insns, lim: w.lim,
			maps: w.maps, inner: w.inner, funcOf: w.funcOf, cbCall: w.cbCall, iterNext: w.iterNext, live: w.live,
			gpl: w.gpl, logLevel: w.logLevel, stackDepth: map[int]int{},
			oblSeen: make([][2]uint64, len(w.insns)), stored: make([][]int32, len(w.insns)),
			entry: f.Insn, entryFunc: f, root: w.root, idGen: w.idGen}
		sub.walk = walk[*mstate]{limits: &sub.lim.Limits, msgs: w.msgs, prune: w.prune, deadline: w.deadline}
		sub.lim.Processed -= w.processed
		w.logf("Func#%d ('%s') is global and assumed valid.\nValidating %s() func#%d...\n", f.Insn, f.Name, f.Name, f.Insn)
		res := sub.run()
		w.processed += sub.processed
		w.log.WriteString(sub.log.String())
		if res.Verdict != Accept {
			return res
		}
		// The stack the function and its static callees use counts in
		// the caller's chains (checkStackDepth).
		for entry, d := range sub.stackDepth {
			w.stackDepth[entry] = max(w.stackDepth[entry], d)
		}
	}
	return nil
}

func hasTag(p ir.Param, tag string) bool { return slices.Contains(p.Tags, tag) }

// isCtxParam says whether a pointer parameter is the program's context.
func (w *mwalker) isCtxParam(p ir.Param) bool {
	return hasTag(p, "arg:ctx") || (w.rules.ctx != nil && p.Type == w.rules.ctx.Name) || p.Type == "bpf_user_pt_regs_t"
}

// globalEntryState is the state a global function starts from: each
// parameter as its BTF type says (numbers, the context, or memory of the
// pointed-to type's size that may be NULL).
func (w *mwalker) globalEntryState(f *ir.Func) (*mstate, *merr) {
	st := w.initialState()
	fr := st.cur()
	fr.regs[1] = mreg{}
	for i, p := range f.Proto.Params {
		if i >= 5 {
			break
		}
		r := &fr.regs[i+1]
		switch {
		case p.Kind == ir.ArgScalar:
			*r = unknownReg()
		case p.Kind == ir.ArgPointer && w.isCtxParam(p):
			*r = ptrReg(mCtx)
		case p.Kind == ir.ArgPointer && p.Size > 0:
			*r = ptrReg(mMem)
			r.aux = int32(p.Size)
			if !hasTag(p, "arg:nonnull") {
				r.flags, r.id = fNull, w.newID()
			}
		default:
			return nil, &merr{unsupported: true, code: "unsupported-global-func",
				ob:  Obligation{Kind: ObCallArg, Reg: i + 1},
				msg: fmt.Sprintf("global function %s: argument %d (%s %s) is not supported by this profile", f.Name, i+1, p.Kind, p.Type)}
		}
	}
	return st, nil
}

// globalCall checks a call to a global function against its signature:
// the callee was (or will be) verified on its own.
func (w *mwalker) globalCall(i int, f *ir.Func) (int, bool, *merr) {
	caller := w.cur.cur()
	for k, p := range f.Proto.Params {
		if k >= 5 {
			break
		}
		regno := k + 1
		r, e := w.reg(ir.Register(regno))
		if e != nil {
			return 0, false, e
		}
		ob := Obligation{Kind: ObCallArg, Reg: regno, Want: p.Kind.String()}
		switch {
		case p.Kind == ir.ArgScalar:
			if r.t != mScalar {
				return 0, false, mfail("global-func-arg/scalar", ob, regno)
			}
		case p.Kind == ir.ArgPointer && w.isCtxParam(p):
			if r.t != mCtx || r.off != 0 {
				return 0, false, mfail("global-func-arg/ctx", ob, k, r.typeName())
			}
		case p.Kind == ir.ArgPointer && p.Size > 0:
			if r.t == mScalar {
				w.markPrecise(regBit(ir.Register(regno)), len(w.trail)-1)
			}
			if isZero(r) && !hasTag(p, "arg:nonnull") {
				break
			}
			b := *r
			if e := w.helperMem(&b, regno, int64(p.Size), false, modernGlobalProto, &ob); e != nil {
				return 0, false, e
			}
		default:
			return 0, false, &merr{unsupported: true, code: "unsupported-global-func", ob: ob,
				msg: fmt.Sprintf("global function %s: argument %d (%s %s) is not supported by this profile", f.Name, regno, p.Kind, p.Type)}
		}
	}
	if !slices.Contains(w.globalsCalled, f) {
		w.globalsCalled = append(w.globalsCalled, f)
	}
	for r := ir.R1; r <= ir.R5; r++ {
		caller.regs[r] = mreg{}
	}
	caller.regs[0] = unknownReg()
	return i + 1, false, nil
}
