package absint

import (
	"math/bits"

	"github.com/bpfcheck/bpfcheck/ir"
)

// idmap pairs the ids of an old state with those of the current one while
// comparing them (the kernel's check_ids).
type idmap struct {
	old, cur []uint32
	tmp      uint32
	// allPrecise compares every scalar by range (Options.OnState).
	allPrecise bool
}

func (m *idmap) check(o, c uint32) bool {
	if o == 0 && c == 0 {
		return true
	}
	if o == 0 || c == 0 {
		return false
	}
	for i, x := range m.old {
		if x == o {
			return m.cur[i] == c
		}
		if m.cur[i] == c {
			return false
		}
	}
	m.old = append(m.old, o)
	m.cur = append(m.cur, c)
	return true
}

// checkScalar is check_scalar_ids: an unlinked scalar (id 0) is linked to
// nothing, so it gets a fresh temporary id on either side.
func (m *idmap) checkScalar(o, c uint32) bool {
	if o == 0 {
		m.tmp++
		o = 1<<31 | m.tmp
	}
	if c == 0 {
		m.tmp++
		c = 1<<31 | m.tmp
	}
	return m.check(o, c)
}

// covers reports whether everything the walk proved from old also holds
// from cur (old's state is a superset), looking only at the registers in
// live for the innermost frame. exact asks for equality instead (the
// infinite-loop check).
func (w *mwalker) covers(old *mstate, oldRead []uint64, cur *mstate, live uint16, exact bool) bool {
	return w.coversAll(old, oldRead, cur, live, exact, w.onState != nil)
}

// coversAll is covers, comparing every scalar by range when allPrecise.
func (w *mwalker) coversAll(old *mstate, oldRead []uint64, cur *mstate, live uint16, exact, allPrecise bool) bool {
	if len(old.frames) != len(cur.frames) || len(old.refs) != len(cur.refs) {
		return false
	}
	// The id pairs' buffers are the walker's, kept between comparisons.
	m := &w.ids
	*m = idmap{old: m.old[:0], cur: m.cur[:0], allPrecise: allPrecise}
	for fi := len(old.frames) - 1; fi >= 0; fi-- {
		of, cf := old.frames[fi], cur.frames[fi]
		if of.callsite != cf.callsite {
			return false
		}
		// bpf_loop's iterations stop at its count less those walked: the
		// old state's continuation covers only as many as it had left.
		// (The kernel does not compare callback_depth.)
		if !exact && of.callbackDepth > cf.callbackDepth {
			return false
		}
		mask := live
		if fi != len(old.frames)-1 {
			// A caller's r6-r9 as the return site of its own call (the
			// one that made the next frame) uses them; a frame's callsite
			// is the call that made it, in its caller. A callback returns
			// to the helper call itself, which reads r1-r5 again.
			next := cur.frames[fi+1]
			if next.inCallback {
				mask = w.live[next.callsite]
			} else {
				mask = w.live[next.callsite+1] &^ 0x3f
			}
		}
		for r := 0; r < 10; r++ {
			if mask&(1<<r) == 0 {
				continue
			}
			if !regCovers(&of.regs[r], &cf.regs[r], m, exact) {
				return false
			}
		}
		if !w.stackCovers(of, cf, readMask(oldRead, fi), m, exact) {
			return false
		}
	}
	for i := range old.refs {
		if !m.check(old.refs[i].id, cur.refs[i].id) {
			return false
		}
	}
	if ol, cl := old.lock, cur.lock; ol.held != cl.held || ol.held && (ol.mapIdx != cl.mapIdx || !m.check(ol.id, cl.id)) {
		return false
	}
	return true
}

// coversLoop is covers against a state whose exploration has not finished
// (RANGE_WITHIN): its precision and stack read marks are not final, so
// every scalar is compared by range and every stack slot is compared.
func (w *mwalker) coversLoop(old, cur *mstate, live uint16) bool {
	return w.coversAll(old, nil, cur, live, false, true)
}

// loopHit is what a path pruned against an unfinished state owes the
// states on its way: their continuation through it is the unfinished
// state's, whose needs are not all known yet, so every scalar of them is
// precise and every stack slot read.
func (w *mwalker) loopHit() {
	w.allPrecise(w.cur.parent)
	for fi := range w.cur.frames {
		w.markRead(fi, ^uint64(0))
	}
}

func (w *mwalker) stackCovers(of, cf *mframe, read uint64, m *idmap, exact bool) bool {
	// Only the slots some path after the old state read before writing
	// them matter (all of them when exact); the stack has at most 64.
	want := read
	if exact {
		want = ^uint64(0)
	}
	if n := len(of.stack); n < 64 {
		want &= 1<<n - 1
	}
	for ; want != 0; want &= want - 1 {
		i := bits.TrailingZeros64(want)
		os := &of.stack[i]
		var cs *mslot
		if i < len(cf.stack) {
			cs = &cf.stack[i]
		}
		if !exact && scalarSpill64(os) && allMisc(cs) {
			// stacksafe's scalar_reg_for_stack: data the current state
			// holds there reads as an unknown number, which an old
			// spilled number the later paths did not need exactly covers.
			unbound := unknownReg()
			if !regCovers(&os.spill, &unbound, m, false) {
				return false
			}
			continue
		}
		for j := 0; j < 8 && (cs == nil || os.kind != cs.kind); j++ {
			ok := os.kind[j]
			ck := sInvalid
			if cs != nil {
				ck = cs.kind[j]
			}
			if exact {
				if ok != ck {
					return false
				}
				continue
			}
			// A privileged program may read never-written bytes, as data:
			// old data covers anything.
			if ok == sInvalid || ok == sMisc {
				continue
			}
			if ok != ck {
				return false
			}
		}
		if os.kind[0] == sSpill {
			if cs == nil || cs.kind[0] != sSpill || !regCovers(&os.spill, &cs.spill, m, exact) {
				return false
			}
		}
		if os.kind[0] == sIter && !exact {
			// The iterator's state and reference, not its depth (which
			// only keeps iterations apart for the infinite-loop check).
			if cs == nil || cs.kind[0] != sIter || os.spill.aux != cs.spill.aux || !m.check(os.spill.ref, cs.spill.ref) {
				return false
			}
		} else if os.kind[0] == sIter && (cs == nil || !regCovers(&os.spill, &cs.spill, m, true)) {
			return false
		}
	}
	if exact {
		for i := len(of.stack); i < len(cf.stack); i++ {
			if cf.stack[i].kind != [8]uint8{} {
				return false
			}
		}
	}
	return true
}

// scalarSpill64 says whether a slot holds a whole spilled number.
func scalarSpill64(s *mslot) bool {
	return s.kind == [8]uint8{sSpill, sSpill, sSpill, sSpill, sSpill, sSpill, sSpill, sSpill} && s.spill.t == mScalar
}

// allMisc says whether every byte of a slot is data or was never written
// (which a privileged program may read as data); nil is a slot never
// written.
func allMisc(s *mslot) bool {
	if s == nil {
		return true
	}
	for _, k := range s.kind {
		if k != sMisc && k != sInvalid {
			return false
		}
	}
	return true
}

// fingerprint hashes what an exact comparison looks at first: the live
// registers of the innermost frame (ids excepted) and the frame count.
// Equal states have equal fingerprints; it is never 0.
func (w *mwalker) fingerprint(s *mstate, live uint16) uint64 {
	h := uint64(14695981039346656037)
	mix := func(x uint64) { h = (h ^ x) * 1099511628211 }
	mix(uint64(len(s.frames)))
	f := s.cur()
	for r := 0; r < 10; r++ {
		if live&(1<<r) == 0 {
			continue
		}
		g := &f.regs[r]
		mix(uint64(g.t) | uint64(g.flags)<<8 | uint64(uint32(g.off))<<16)
		mix(g.v.T.Value)
		mix(g.v.T.Mask)
		mix(g.v.UMin)
		mix(g.v.UMax)
	}
	return h | 1
}

// readMask is the stack slots of frame fi that paths after a stored state
// read; every slot for states that are not stored (the current one).
func readMask(read []uint64, fi int) uint64 {
	if read == nil || fi >= len(read) {
		return ^uint64(0)
	}
	return read[fi]
}

// markRead records that the current path reads stack slots mask of frame
// fi: every stored state on the path back to where they were last wholly
// written needs them (the kernel's mark_reg_read).
func (w *mwalker) markRead(fi int, mask uint64) {
	if fi >= len(w.cur.frames) {
		return
	}
	mask &^= w.cur.frames[fi].written
	for n := w.cur.parent; n >= 0 && mask != 0; n = w.nodes[n].parent {
		node := &w.nodes[n]
		if fi >= len(node.read) {
			return
		}
		fresh := mask &^ node.read[fi]
		if fresh == 0 {
			return // already propagated from here
		}
		node.read[fi] |= fresh
		mask = fresh &^ node.segWritten[fi]
	}
}

// slotsOf is the mask of the stack slots [lo, hi) overlaps (lo < hi <= 0).
func slotsOf(lo, hi int64) uint64 {
	var m uint64
	for s := (-hi) / 8; s <= (-lo-1)/8 && s < 64; s++ {
		m |= 1 << s
	}
	return m
}

// regCovers is regsafe: may a register of the old state stand for cur?
func regCovers(o, c *mreg, m *idmap, exact bool) bool {
	if exact {
		return o.t == c.t && o.flags == c.flags && o.off == c.off && o.aux == c.aux && o.rng == c.rng &&
			o.frame == c.frame && o.v == c.v && m.check(o.id, c.id) && m.check(o.ref, c.ref)
	}
	if o.t == mNotInit {
		return true
	}
	if o.t != c.t {
		return false
	}
	if o.t == mScalar && !o.precise && !m.allPrecise {
		return true
	}
	if o.flags != c.flags {
		return false
	}
	switch o.t {
	case mScalar:
		if o.flags&fAddConst != 0 && o.off != c.off {
			return false
		}
		return o.v.Includes(c.v) && m.checkScalar(o.id, c.id)
	case mPacket, mPacketMeta:
		return o.rng <= c.rng && o.off == c.off && m.check(o.id, c.id) && o.v.Includes(c.v)
	case mMapValue, mMapKey, mMem:
		return o.off == c.off && o.aux == c.aux && o.v.Includes(c.v) && m.check(o.id, c.id) && m.check(o.ref, c.ref)
	case mStack:
		return o.off == c.off && o.frame == c.frame && o.v == c.v
	}
	return o.off == c.off && o.aux == c.aux && o.v == c.v && m.check(o.id, c.id) && m.check(o.ref, c.ref)
}

// Liveness: registers live before each instruction, by a backward
// fixpoint over each function (r10 is never tracked).

func regBit(r ir.Register) uint16 { return 1 << (r & 15) }

// useDef returns the registers an instruction reads and writes.
func (w *mwalker) useDef(i int) (use, def uint16) {
	in := w.insns[i].PlainAccess()
	d, s := regBit(in.Dst), regBit(in.Src)
	op := in.Opcode
	switch op.Class() {
	case ir.ClassALU, ir.ClassALU64:
		if op.ALUOp() != ir.ALUMov {
			use |= d
		}
		if op.Source() == ir.SourceX && op.ALUOp() != ir.ALUNeg && op.ALUOp() != ir.ALUEnd {
			use |= s
		}
		def = d
	case ir.ClassLDX:
		use, def = s, d
	case ir.ClassST:
		use = d
	case ir.ClassSTX:
		use = d | s
		if op.Mode() == ir.ModeATOMIC {
			if in.Imm == ir.AtomicCmpXchg {
				use |= 1
				def = 1
			} else if in.Imm&ir.AtomicFetch != 0 {
				def = s
			}
		}
	case ir.ClassLD:
		if op.IsLoadImm64() {
			def = d
		} else {
			use = 1 << 6
			if op.Mode() == ir.ModeIND {
				use |= s
			}
			def = 0x3f
		}
	case ir.ClassJMP, ir.ClassJMP32:
		switch op.JumpOp() {
		case ir.JumpJA:
		case ir.JumpCall:
			use, def = 0x3e, 0x3f
		case ir.JumpExit:
			use = 1
		case ir.JumpJCond:
		default:
			use = d
			if op.Source() == ir.SourceX {
				use |= s
			}
		}
	}
	return use &^ (1 << 10), def &^ (1 << 10)
}

// successors of insn i within its function (calls fall through; exits
// have none).
func (w *mwalker) succs(i int, buf []int) []int {
	in := w.insns[i]
	n := len(w.insns)
	add := func(t int) {
		if t >= 0 && t < n {
			buf = append(buf, t)
		}
	}
	op := in.Opcode
	switch {
	case op.IsLoadImm64():
		add(i + 2)
	case op.Class().IsJump():
		switch op.JumpOp() {
		case ir.JumpExit:
		case ir.JumpJA:
			if op.Class() == ir.ClassJMP32 {
				add(i + 1 + int(in.Imm))
			} else {
				add(i + 1 + int(in.Off))
			}
		case ir.JumpCall:
			add(i + 1)
		default:
			add(i + 1)
			add(i + 1 + int(in.Off))
		}
	default:
		add(i + 1)
	}
	return buf
}

func (w *mwalker) computeLiveness() {
	n := len(w.insns)
	w.live = make([]uint16, n)
	use := make([]uint16, n)
	def := make([]uint16, n)
	for i := range n {
		use[i], def[i] = w.useDef(i)
	}
	var buf []int
	for changed := true; changed; {
		changed = false
		for i := n - 1; i >= 0; i-- {
			var out uint16
			buf = w.succs(i, buf[:0])
			for _, s := range buf {
				out |= w.live[s]
			}
			in := use[i] | out&^def[i]
			if in != w.live[i] {
				w.live[i] = in
				changed = true
			}
		}
	}
}
