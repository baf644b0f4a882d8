package absint

import (
	"github.com/bpfcheck/bpfcheck/absint/scalar"
	"github.com/bpfcheck/bpfcheck/ir"
)

// cond is check_cond_jmp_op: decide the branch when the domain can,
// refine both successors' states, and queue the taken one.
func (w *mwalker) cond(i int, in ir.Instruction) (int, bool, *merr) {
	op := in.Opcode.JumpOp()
	jmp32 := in.Opcode.Class() == ir.ClassJMP32
	x := in.Opcode.Source() == ir.SourceX
	if op == ir.JumpJCond && in.Opcode.Class() == ir.ClassJMP && !x {
		return w.mayGoto(i, in)
	}
	if op > ir.JumpJSLE {
		return 0, false, w.unknownOpcode(in)
	}
	if x && in.Imm != 0 || !x && in.Src != 0 {
		return 0, false, reserved("jmp-reserved-fields")
	}
	d, e := w.reg(in.Dst)
	if e != nil {
		return 0, false, e
	}
	var src mreg
	if x {
		s, e := w.reg(in.Src)
		if e != nil {
			return 0, false, e
		}
		src = *s
	} else if jmp32 {
		src = constReg(uint64(uint32(in.Imm)))
	} else {
		src = constReg(uint64(int64(in.Imm)))
	}
	dst := *d
	target := i + 1 + int(in.Off)

	// Pointers: NULL checks, packet range, else both ways.
	if dst.isPtr() || src.isPtr() {
		taken, fall := w.ptrBranch(in, op, jmp32, x, dst, src)
		return w.fork(i, target, taken, fall)
	}
	tk, ft := scalar.Branch(op, jmp32, dst.v, src.v)
	var sp *mreg
	if x {
		sp = &w.cur.cur().regs[in.Src&15]
	}
	w.noteLinked(d, sp)
	if !tk.Possible || !ft.Possible {
		// The domain decided the branch: the operands' values matter.
		m := regBit(in.Dst)
		if x {
			m |= regBit(in.Src)
		}
		w.markPrecise(m, len(w.trail)-1)
	}
	var taken, fall *mstate
	if tk.Possible {
		taken = w.cur
		if ft.Possible {
			taken = w.clone(w.cur)
		}
		w.refine(taken, in, dst, src, tk, x)
	}
	if ft.Possible {
		fall = w.cur
		w.refine(fall, in, dst, src, ft, x)
	}
	return w.fork(i, target, taken, fall)
}

// fork continues with the fall-through state and queues the taken one;
// a nil state is an edge the domain proved impossible.
func (w *mwalker) fork(i, target int, taken, fall *mstate) (int, bool, *merr) {
	switch {
	case taken != nil && fall != nil:
		w.trail[len(w.trail)-1].Branch = -1
		w.push(taken, target, i)
		w.cur = fall
		return i + 1, false, nil
	case taken != nil:
		w.trail[len(w.trail)-1].Branch = 1
		w.cur = taken
		return target, false, nil
	case fall != nil:
		w.trail[len(w.trail)-1].Branch = -1
		w.cur = fall
		return i + 1, false, nil
	}
	// Neither edge is possible: the path is dead (contradictory facts).
	return 0, true, nil
}

// refine writes a branch outcome into a successor state, to the compared
// registers and every copy of them (same id).
func (w *mwalker) refine(s *mstate, in ir.Instruction, dst, src mreg, o scalar.Outcome, x bool) {
	f := s.cur()
	set := func(r ir.Register, old mreg, v scalar.Value) {
		f.regs[r].v = v
		if old.id != 0 {
			s.forEachReg(func(g *mreg) {
				if g.t != mScalar || g.id != old.id {
					return
				}
				g.v = linked(v, &old, g)
			})
		}
	}
	set(in.Dst, dst, o.Dst)
	if x {
		set(in.Src, src, o.Src)
	}
}

// linked is the value of g when its linked copy k (same id) has value v:
// both are their common base plus their own constant (off).
func linked(v scalar.Value, k, g *mreg) scalar.Value {
	if k.off == g.off && k.flags&(fAddConst|fAddConst32) == g.flags&(fAddConst|fAddConst32) {
		return v
	}
	base := v
	if k.flags&fAddConst != 0 {
		c := scalar.Const(uint64(int64(-k.off)))
		if k.flags&fAddConst32 != 0 {
			base = scalar.Zext32(scalar.Binary(ir.ALUAdd, false, 0, v, c))
		} else {
			base = scalar.Binary(ir.ALUAdd, true, 0, v, c)
		}
	}
	if g.flags&fAddConst == 0 {
		return base
	}
	c := scalar.Const(uint64(int64(g.off)))
	if g.flags&fAddConst32 != 0 {
		return scalar.Zext32(scalar.Binary(ir.ALUAdd, false, 0, base, c))
	}
	return scalar.Binary(ir.ALUAdd, true, 0, base, c)
}

// ptrBranch handles comparisons with a pointer operand.
func (w *mwalker) ptrBranch(in ir.Instruction, op ir.JumpOp, jmp32, x bool, dst, src mreg) (taken, fall *mstate) {
	taken, fall = w.clone(w.cur), w.cur
	// NULL checks: ptr == 0, ptr != 0.
	if !jmp32 && !x && in.Imm == 0 && (op == ir.JumpJEQ || op == ir.JumpJNE) && dst.isPtr() {
		if dst.isNull() {
			isNull, notNull := taken, fall
			if op == ir.JumpJNE {
				isNull, notNull = fall, taken
			}
			w.markNull(isNull, dst.id, true)
			w.markNull(notNull, dst.id, false)
			return taken, fall
		}
		// A pointer that cannot be NULL is never equal to 0. A kernel
		// pointer that is not trusted (read from kernel memory, or a
		// fentry argument) may be NULL though nothing says so: both
		// branches are walked (the kernel's reg_not_null).
		if dst.neverNull() {
			if op == ir.JumpJEQ {
				return nil, fall
			}
			return taken, nil
		}
		return taken, fall
	}
	if !jmp32 && x && dst.isPtr() && src.isPtr() {
		w.pktCompare(op, in, dst, src, taken, fall)
	}
	return taken, fall
}

// markNull is mark_ptr_or_null_regs: after a NULL check every copy of the
// pointer (same id) is either the number 0 or a valid pointer.
func (w *mwalker) markNull(s *mstate, id uint32, null bool) {
	if id == 0 {
		return
	}
	var ref uint32
	s.forEachReg(func(g *mreg) {
		if g.id != id || !g.isNull() {
			return
		}
		if null {
			ref = g.ref
			*g = constReg(0)
			return
		}
		g.flags &^= fNull
	})
	if null && ref != 0 {
		s.release(ref)
	}
}

func (s *mstate) release(ref uint32) bool {
	for i, r := range s.refs {
		if r.id == ref {
			s.refs = append(s.refs[:i], s.refs[i+1:]...)
			return true
		}
	}
	return false
}

// pktCompare is try_match_pkt_pointers: a comparison of a packet pointer
// with data_end proves a range on one edge for every pointer of its id.
func (w *mwalker) pktCompare(op ir.JumpOp, in ir.Instruction, dst, src mreg, taken, fall *mstate) {
	type side struct {
		pkt    mreg
		st     *mstate
		open   bool
		usable bool
	}
	var good side
	dPkt := dst.t == mPacket && src.t == mPacketEnd || dst.t == mPacketMeta && src.t == mPacket && src.off == 0 && src.id == 0
	sPkt := src.t == mPacket && dst.t == mPacketEnd || src.t == mPacketMeta && dst.t == mPacket && dst.off == 0 && dst.id == 0
	switch {
	case op == ir.JumpJGT && dPkt: // pkt' > end: fall-through has pkt' <= end
		good = side{dst, fall, false, true}
	case op == ir.JumpJGT && sPkt: // end > pkt': taken has pkt' < end
		good = side{src, taken, true, true}
	case op == ir.JumpJLT && dPkt: // pkt' < end
		good = side{dst, taken, true, true}
	case op == ir.JumpJLT && sPkt: // end < pkt': fall-through has pkt' <= end
		good = side{src, fall, false, true}
	case op == ir.JumpJGE && dPkt: // pkt' >= end: fall-through has pkt' < end
		good = side{dst, fall, true, true}
	case op == ir.JumpJGE && sPkt: // end >= pkt'
		good = side{src, taken, false, true}
	case op == ir.JumpJLE && dPkt: // pkt' <= end
		good = side{dst, taken, false, true}
	case op == ir.JumpJLE && sPkt: // end <= pkt': fall-through has pkt' < end
		good = side{src, fall, true, true}
	}
	if !good.usable || good.st == nil {
		return
	}
	p := good.pkt
	if p.off < 0 || (p.off == 0 && good.open) {
		return
	}
	if p.v.UMax > uint64(w.lim.maxPacketOf) || p.v.UMax+uint64(p.off) > uint64(w.lim.maxPacketOf) {
		return
	}
	rng := p.off
	if good.open {
		rng++
	}
	good.st.forEachReg(func(g *mreg) {
		if g.t == p.t && g.id == p.id && g.rng < rng {
			g.rng = rng
		}
	})
}

// mayGoto is BPF_JCOND with src_reg BPF_MAY_GOTO. At run time it jumps
// once a hidden per-frame counter runs out, else decrements it and falls
// through; so the walk goes to the target on the current path and queues
// the fall-through with one may_goto more (may_goto_depth), its imprecise
// scalars widened against the same instruction's previous iteration so
// that the loop converges (widen_imprecise_scalars).
func (w *mwalker) mayGoto(i int, in ir.Instruction) (int, bool, *merr) {
	if in.Src != 0 || in.Dst != 0 || in.Imm != 0 {
		return 0, false, mfail("invalid-may-goto", Obligation{Kind: ObWellFormed, Reg: -1}, in.Imm)
	}
	fall := w.clone(w.cur)
	fall.mayGoto++
	if prev := w.prevIteration(i); prev != nil {
		widenImprecise(prev, fall)
	}
	w.trail[len(w.trail)-1].Branch = 1
	w.pushFall(fall, i+1, i)
	return i + 1 + int(in.Off), false, nil
}

// prevIteration is find_prev_entry: the newest state stored at insn i
// whose exploration is unfinished (so on the current path, or a parent of
// a pending one), in the same calls, before the one this visit stored.
// It searches the states stored at i, not the path, so that its cost does
// not grow with the iterations (widening against any state is sound).
func (w *mwalker) prevIteration(i int) *mstate {
	here := int32(len(w.trail) - 1)
	list := w.stored[i]
	for k := len(list) - 1; k >= 0; k-- {
		nd := &w.nodes[list[k]]
		if nd.st == nil || nd.branches == 0 || nd.path >= here || !sameCallsites(nd.st, w.cur) {
			continue
		}
		return nd.st
	}
	return nil
}

func sameCallsites(a, b *mstate) bool {
	if len(a.frames) != len(b.frames) {
		return false
	}
	for i := range a.frames {
		if a.frames[i].callsite != b.frames[i].callsite {
			return false
		}
	}
	return true
}

// widenImprecise is widen_imprecise_scalars: a scalar of cur that neither
// state marks precise and that differs from old's becomes unknown.
func widenImprecise(old, cur *mstate) {
	var m idmap
	widen := func(o, c *mreg) {
		if o.t != mScalar || c.t != mScalar || o.precise || c.precise || regCovers(o, c, &m, true) {
			return
		}
		*c = unknownReg()
	}
	for fi := len(old.frames) - 1; fi >= 0; fi-- {
		of, cf := old.frames[fi], cur.frames[fi]
		for r := range of.regs {
			widen(&of.regs[r], &cf.regs[r])
		}
		for k := 0; k < len(of.stack) && k < len(cf.stack); k++ {
			if of.stack[k].kind[0] == sSpill && cf.stack[k].kind[0] == sSpill {
				widen(&of.stack[k].spill, &cf.stack[k].spill)
			}
		}
	}
}
