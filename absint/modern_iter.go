package absint

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Open-coded numeric iterators: the kfuncs bpf_iter_num_new, _next and
// _destroy, known by their BTF names (ir.Program.Kfuncs). An iterator is
// an 8-byte stack slot of kind sIter holding a reference the program must
// destroy; its spill register (mIter) says whether it is active or drained
// and how many next calls the path walked (depth).

// kfuncName is the name the loader resolved for the kfunc call at insn i.
func (w *mwalker) kfuncName(i int) string {
	for _, k := range w.prog.Kfuncs {
		if k.Insn == i {
			return k.Name
		}
	}
	return ""
}

// isIterNext reports whether insn i calls bpf_iter_num_next.
func (w *mwalker) isIterNext(i int) bool {
	in := w.insns[i]
	return in.Opcode == ir.OpCall && in.Src == ir.CallKfunc && in.Off == 0 && w.kfuncName(i) == "bpf_iter_num_next"
}

// kfuncCall is check_kfunc_call for the kfuncs the profile knows.
func (w *mwalker) kfuncCall(i int, in ir.Instruction) (int, bool, *merr) {
	name := w.kfuncName(i)
	switch name {
	case "bpf_iter_num_new", "bpf_iter_num_next", "bpf_iter_num_destroy":
		if in.Off == 0 {
			break
		}
		fallthrough
	default:
		if next, ok, e := w.plainKfunc(i, in, name); ok {
			return next, false, e
		}
		if name == "" {
			name = "?"
		}
		return 0, false, &merr{unsupported: true, code: "unsupported-kfunc", ob: Obligation{Kind: ObCallArg, Reg: -1},
			msg: fmt.Sprintf("kernel function %s (btf_id %d) is not supported by this profile", name, in.Imm)}
	}
	slot, fr, e := w.iterArg(name)
	if e != nil {
		return 0, false, e
	}
	it := &fr.stack[slot]
	switch name {
	case "bpf_iter_num_new":
		for r := ir.R2; r <= ir.R3; r++ {
			g, e := w.reg(r)
			if e != nil {
				return 0, false, e
			}
			if g.t != mScalar {
				return 0, false, mfail("kfunc-arg/scalar", Obligation{Kind: ObCallArg, Reg: int(r), Want: "scalar"}, r)
			}
		}
		ref := w.newID()
		w.cur.refs = append(w.cur.refs, mref{id: ref, insn: i})
		it.kind = [8]uint8{sIter, sIter, sIter, sIter, sIter, sIter, sIter, sIter}
		it.spill = mreg{t: mIter, aux: iterActive, ref: ref}
		w.clobberCall()
		w.cur.cur().regs[0] = unknownReg()
		return i + 1, false, nil
	case "bpf_iter_num_destroy":
		w.cur.release(it.spill.ref)
		it.kind = [8]uint8{}
		it.spill = mreg{}
		w.clobberCall()
		return i + 1, false, nil
	}
	// bpf_iter_num_next: process_iter_next_call. An active iterator may
	// give one more element: that path is queued, one depth deeper, with
	// its imprecise scalars widened against the previous iteration; the
	// current path takes the iterator as drained, with NULL.
	w.clobberCall()
	if it.spill.aux == iterActive {
		q := w.clone(w.cur)
		qit := &q.frames[w.iterFrame].stack[slot]
		qit.spill.off++
		if prev := w.prevIteration(i); prev != nil {
			widenImprecise(prev, q)
		}
		r0 := ptrReg(mMem)
		r0.aux, r0.flags = 4, fRdonly
		q.cur().regs[0] = r0
		w.push(q, i+1, i)
	}
	it.spill.aux = iterDrained
	w.cur.cur().regs[0] = constReg(0)
	return i + 1, false, nil
}

// clobberCall is what every call does to r1-r5.
func (w *mwalker) clobberCall() {
	f := w.cur.cur()
	for r := ir.R1; r <= ir.R5; r++ {
		f.regs[r] = mreg{}
	}
}

// iterArg is process_iter_arg for r1: a pointer to an 8-byte aligned stack
// slot at a constant offset, uninitialised for _new, an iterator for the
// others. It returns the slot and its frame (w.iterFrame is its index).
func (w *mwalker) iterArg(name string) (int, *mframe, *merr) {
	r, e := w.reg(ir.R1)
	if e != nil {
		return 0, nil, e
	}
	ob := Obligation{Kind: ObCallArg, Reg: 1, Want: "iter_num on the stack", Region: RegionStack}
	if r.t != mStack {
		return 0, nil, mfail("kfunc-arg/iter-stack", ob)
	}
	c, ok := r.v.Const()
	off := int64(r.off) + int64(c)
	if !ok || off%8 != 0 || off >= 0 || off < -int64(w.lim.stackSize) {
		return 0, nil, mfail("kfunc-arg/iter-stack", ob)
	}
	fi := int(r.frame)
	fr := w.cur.frames[fi]
	slot := int((-off - 1) / 8)
	s := fr.slot(slot)
	if d := int(-off); d > w.stackDepth[fr.entry] {
		w.stackDepth[fr.entry] = d
	}
	w.markRead(fi, 1<<slot)
	w.iterFrame = fi
	if name == "bpf_iter_num_new" {
		if s.kind[0] == sIter {
			return 0, nil, mfail("kfunc-arg/iter-uninit", ob)
		}
		return slot, fr, nil
	}
	if s.kind[0] != sIter {
		return 0, nil, mfail("kfunc-arg/iter-init", ob)
	}
	return slot, fr, nil
}

// iterActiveAt reports whether, at the bpf_iter_num_next call at insn, the
// current state's iterator (r1's slot) is active: is_state_visited's loop
// convergence for iterators applies only then.
func (w *mwalker) iterActiveAt(insn int) bool {
	r := &w.cur.cur().regs[1]
	if r.t != mStack {
		return false
	}
	c, ok := r.v.Const()
	off := int64(r.off) + int64(c)
	if !ok || off >= 0 || off%8 != 0 || int(r.frame) >= len(w.cur.frames) {
		return false
	}
	f := w.cur.frames[r.frame]
	i := int((-off - 1) / 8)
	return i < len(f.stack) && f.stack[i].kind[0] == sIter && f.stack[i].spill.aux == iterActive
}
