package absint

import (
	"github.com/bpfcheck/bpfcheck/ir"
)

// Precision, as the kernel tracks it: a stored state compares a scalar
// only when the scalar's value decided a safety condition somewhere after
// that state (a pointer offset, a size argument, a branch the domain
// decided, a checked return value). When such a use happens, markPrecise
// walks the current path backwards from it, through the instructions that
// computed the value, and marks the registers and stack slots it came
// from in every stored state on the way. A path pruned against a state
// inherits that state's marks. Where the walk back cannot follow the value
// (across a bpf-to-bpf call or return, a linked copy spilled to the
// stack), every scalar of the states on the path becomes precise: that
// only costs pruning.

// trailAux encodings, one per trail step.
const (
	auxStack   = 1 << 20 // | frame<<8 | slot: a load or store through a stack pointer
	auxLinked  = 1 << 21 // | register mask: a conditional jump and the registers linked with its operands
	auxGiveUp  = 1 << 22 // backtracking cannot follow this step
	auxCallRet = 1 << 23 // a local call or a return from one
)

// noteStack records that the current instruction accessed stack slot
// spi of frame fi at a constant offset.
func (w *mwalker) noteStack(fi, spi int) {
	if n := len(w.aux); n > 0 {
		w.aux[n-1] = auxStack | int32(fi)<<8 | int32(spi)
	}
}

// noteLinked records, at a conditional jump, the registers linked (same
// id) with its operands.
func (w *mwalker) noteLinked(dst, src *mreg) {
	n := len(w.aux)
	if n == 0 {
		return
	}
	var mask int32
	give := false
	f := w.cur.cur()
	for _, op := range []*mreg{dst, src} {
		if op == nil || op.t != mScalar || op.id == 0 {
			continue
		}
		for r := range f.regs {
			if f.regs[r].t == mScalar && f.regs[r].id == op.id {
				mask |= 1 << r
			}
		}
		for fi, fr := range w.cur.frames {
			for i := range fr.stack {
				if fr.stack[i].kind[0] == sSpill && fr.stack[i].spill.id == op.id {
					give = true
				}
			}
			if fi != len(w.cur.frames)-1 {
				for r := range fr.regs {
					if fr.regs[r].t == mScalar && fr.regs[r].id == op.id {
						give = true
					}
				}
			}
		}
	}
	switch {
	case give:
		w.aux[n-1] = auxGiveUp
	case mask != 0:
		w.aux[n-1] = auxLinked | mask
	}
}

// precSet is what still needs precision while walking back: registers of
// the innermost frame and stack slots of that frame.
type precSet struct {
	regs  uint16
	slots uint64
}

func (p precSet) empty() bool { return p.regs == 0 && p.slots == 0 }

// markPrecise makes registers regs of the current frame precise from the
// instruction at trail position start-1 backwards (start is the position
// of the instruction that used them; len(trail) when the use is a prune).
func (w *mwalker) markPrecise(regs uint16, start int) {
	regs &^= 1 << 10
	f := w.cur.cur()
	for r := 0; r < 10; r++ {
		if regs&(1<<r) != 0 {
			if f.regs[r].t != mScalar {
				regs &^= 1 << r
				continue
			}
			f.regs[r].precise = true
		}
	}
	w.backtrack(precSet{regs: regs}, start)
}

// backtrack walks the trail from position k-1 down, through the stored
// states of the current path.
func (w *mwalker) backtrack(set precSet, k int) {
	depth := len(w.cur.frames)
	for n := w.cur.parent; n >= 0 && !set.empty(); n = w.nodes[n].parent {
		node := &w.nodes[n]
		for ; k > int(node.path) && !set.empty(); k-- {
			var ok bool
			if set, ok = w.backtrackInsn(set, k-1); !ok {
				w.allPrecise(n)
				return
			}
		}
		if set.empty() {
			return
		}
		st := node.st
		if st == nil {
			// A boundary without a state: nothing to mark, but what was
			// walked back from here already need not be walked again.
			set.regs &^= node.walked.regs
			set.slots &^= node.walked.slots
			node.walked.regs |= set.regs
			node.walked.slots |= set.slots
			continue
		}
		if len(st.frames) != depth {
			w.allPrecise(n)
			return
		}
		// A mark already present was propagated further back when it was
		// made: only new marks continue.
		fr := st.cur()
		for r := 0; r < 10; r++ {
			if set.regs&(1<<r) == 0 {
				continue
			}
			switch g := &fr.regs[r]; {
			case g.t != mScalar || g.precise:
				set.regs &^= 1 << r
			default:
				g.precise = true
			}
		}
		for i := 0; i < 64; i++ {
			if set.slots&(1<<i) == 0 {
				continue
			}
			if i >= len(fr.stack) || fr.stack[i].kind[0] != sSpill || fr.stack[i].spill.t != mScalar || fr.stack[i].spill.precise {
				set.slots &^= 1 << i
				continue
			}
			fr.stack[i].spill.precise = true
		}
	}
}

// clearPrecise drops every precision mark of a state.
func clearPrecise(s *mstate) {
	s.forEachReg(func(g *mreg) { g.precise = false })
}

// allPrecise makes every scalar of node n and its ancestors precise.
func (w *mwalker) allPrecise(n int32) {
	for ; n >= 0; n = w.nodes[n].parent {
		st := w.nodes[n].st
		if st == nil {
			continue
		}
		st.forEachReg(func(g *mreg) {
			if g.t == mScalar {
				g.precise = true
			}
		})
	}
}

// backtrackInsn turns the set needed after trail step k into the set
// needed before it. ok is false when it cannot tell.
func (w *mwalker) backtrackInsn(set precSet, k int) (precSet, bool) {
	aux := w.aux[k]
	if aux&(auxGiveUp|auxCallRet) != 0 {
		return set, false
	}
	in := w.insns[w.trail[k].Insn].PlainAccess()
	d, s := uint16(1)<<(in.Dst&15), uint16(1)<<(in.Src&15)
	op := in.Opcode
	switch op.Class() {
	case ir.ClassALU, ir.ClassALU64:
		if set.regs&d == 0 {
			return set, true
		}
		x := op.Source() == ir.SourceX
		switch op.ALUOp() {
		case ir.ALUMov:
			set.regs &^= d
			if x {
				set.regs |= s
			}
		case ir.ALUNeg, ir.ALUEnd:
		default:
			if x {
				set.regs |= s
			}
		}
	case ir.ClassLDX:
		if set.regs&d == 0 {
			return set, true
		}
		set.regs &^= d
		if aux&auxStack != 0 {
			if int(aux>>8&0xff) != len(w.cur.frames)-1 {
				return set, false
			}
			set.slots |= 1 << (aux & 0xff)
		}
	case ir.ClassST, ir.ClassSTX:
		if op.Mode() == ir.ModeATOMIC {
			if set.regs&(s|1) != 0 || (aux&auxStack != 0 && set.slots&(1<<(aux&0xff)) != 0) {
				return set, false
			}
			return set, true
		}
		if aux&auxStack == 0 {
			return set, true
		}
		if int(aux>>8&0xff) != len(w.cur.frames)-1 {
			return set, false
		}
		bit := uint64(1) << (aux & 0xff)
		if set.slots&bit == 0 {
			return set, true
		}
		set.slots &^= bit
		if op.Class() == ir.ClassSTX {
			set.regs |= s
		}
	case ir.ClassLD:
		if op.IsLoadImm64() {
			set.regs &^= d
			return set, true
		}
		set.regs &^= 0x3f // LD_ABS/IND: r0 fresh, r1-r5 clobbered
	case ir.ClassJMP, ir.ClassJMP32:
		switch op.JumpOp() {
		case ir.JumpJA:
		case ir.JumpCall:
			if in.Src == ir.CallLocal || w.cbCall[w.trail[k].Insn] {
				// A frame begins or ends here (a callback's entry follows
				// its helper call on the trail): give up.
				return set, false
			}
			set.regs &^= 0x3f
		case ir.JumpExit:
			return set, false
		default:
			if aux&auxLinked != 0 {
				linked := uint16(aux & 0x7ff)
				if set.regs&linked != 0 {
					set.regs |= linked
				}
			}
			if op.Source() == ir.SourceX && set.regs&(d|s) != 0 {
				set.regs |= d | s
			}
		}
	}
	return set, true
}

// inheritPrecision is propagate_precision: the current path, pruned
// against node n, needs what n's state needs.
func (w *mwalker) inheritPrecision(n *mnode) {
	st := n.st
	if len(st.frames) != len(w.cur.frames) {
		w.allPrecise(w.cur.parent)
		return
	}
	for fi := range st.frames {
		if fi != len(st.frames)-1 {
			// Outer frames: keep it simple and safe.
			for r := range st.frames[fi].regs {
				if g := &st.frames[fi].regs[r]; g.t == mScalar && g.precise {
					w.allPrecise(w.cur.parent)
					return
				}
			}
			for i := range st.frames[fi].stack {
				if sl := &st.frames[fi].stack[i]; sl.kind[0] == sSpill && sl.spill.precise {
					w.allPrecise(w.cur.parent)
					return
				}
			}
		}
	}
	fr := st.cur()
	var set precSet
	for r := 0; r < 10; r++ {
		if fr.regs[r].t == mScalar && fr.regs[r].precise {
			set.regs |= 1 << r
		}
	}
	for i := range fr.stack {
		if fr.stack[i].kind[0] == sSpill && fr.stack[i].spill.precise && fr.stack[i].spill.t == mScalar {
			set.slots |= 1 << i
		}
	}
	if !set.empty() {
		w.backtrack(set, len(w.trail))
	}
}
