package proof

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/smt"
)

// safety is one access's condition: fault is the Boolean "this access
// touches memory the run does not own, or reads bytes never written";
// never is set when no input makes the access safe (a scalar used as a
// pointer), so the solver can only find witnesses for it.
type safety struct {
	fault  smt.Term
	prefer smt.Term // an extra condition that makes a witness replay well (may be invalid)
	region string
	cond   string
	never  bool
	// lost is set when the base is not a pointer the encoding follows (a
	// scalar, or a pointer it lost track of): a sat answer is then no proof
	// of a fault in an accepted program.
	lost bool
	// stackOff is, for a stack access, the offset from r10 (to tell the
	// faults exec's checked mode cannot see).
	stackOff smt.Term
	// below, when valid, is a hint: the access ends below every region
	// (the lowest a frame can start is minBase-stackSize). The solver
	// first decides fault and below together, which it finds a model of
	// faster than of "in no region" alone; a model of both is a model of
	// fault, so the hint changes no answer, only the time to it.
	below smt.Term
}

// accessSafety states the condition of an n-byte access at base+off.
func (e *encoder) accessSafety(st *state, base value, off int16, n int, write bool) safety {
	c := e.c
	o := base.off
	if base.k != kScalar && base.k != kMapPtr {
		o = o.Add(e.k64(uint64(int64(off))))
	}
	outside := func(size int) smt.Term { // o < 0 || o > size-n, signed
		return o.SLt(e.k64(0)).OrB(e.s64(int64(size - n)).SLt(o))
	}
	switch base.k {
	case kStack:
		f := o.SLt(e.s64(-stackSize)).OrB(e.s64(int64(-n)).SLt(o))
		cond := fmt.Sprintf("-512 <= off <= %d", -n)
		if !write && !e.modern { // the modern kernel lets privileged programs read unwritten stack
			f = f.OrB(e.uninitStack(st, o, n))
			cond += " and the bytes written before"
		}
		// Outside the whole stack exec keeps (8 frames below r10), the
		// replay sees the fault.
		far := o.SLt(e.s64(-8 * stackSize)).OrB(e.s64(0).SLt(o))
		return safety{fault: f, prefer: far, region: "stack", cond: cond, stackOff: o}
	case kCtx:
		f := outside(e.ctxSize)
		if write && e.ctxRO {
			f = c.Bool(true)
		}
		return safety{fault: f, region: "ctx", cond: fmt.Sprintf("0 <= off <= %d", e.ctxSize-n)}
	case kPacket:
		f := o.SLt(e.k64(0)).OrB(e.pktLen.Sub(e.k64(uint64(n))).SLt(o))
		return safety{fault: f, region: "packet", cond: fmt.Sprintf("0 <= off <= pkt_len-%d", n)}
	case kMapValue:
		r := e.regions[base.reg]
		size := int(e.prog.Maps[r.mapIdx].ValueSize)
		// A replay faults for sure only far from the map's storage (exec
		// keeps a map's values next to each other).
		far := o.SLt(e.s64(-1 << 16)).OrB(e.s64(1 << 24).SLt(o))
		return safety{fault: r.found.Not().OrB(outside(size)), prefer: r.found.Not().OrB(far), region: "map_value",
			cond: fmt.Sprintf("non-NULL and 0 <= off <= %d", size-n)}
	}
	addr := base.v.Add(e.k64(uint64(int64(off))))
	return safety{fault: e.outsideAll(st, addr, n), prefer: addr.ULt(e.k64(minBase)), region: base.k.String(),
		cond: "the address lies in memory the program owns", lost: true, below: addr.ULe(e.k64(minBase - stackSize - uint64(n)))}
}

// span is the address range [lo, lo+size) of region i.
func (e *encoder) span(i int) (lo smt.Term, size int) {
	r := e.regions[i]
	if r.k == kStack {
		return r.base.Sub(e.k64(stackSize)), r.size
	}
	return r.base, r.size
}

// outsideAll is "[addr, addr+n) lies in no region the path can reach"
// (a map value only when its lookup found it).
func (e *encoder) outsideAll(st *state, addr smt.Term, n int) smt.Term {
	f := e.c.Bool(true)
	end := addr.Add(e.k64(uint64(n)))
	for i := 0; i < st.nregions; i++ {
		lo, size := e.span(i)
		hi := lo.Add(e.k64(uint64(size)))
		if e.regions[i].k == kPacket {
			hi = lo.Add(e.pktLen)
		}
		inside := lo.ULe(addr).AndB(addr.ULt(end)).AndB(end.ULe(hi))
		if r := e.regions[i]; r.k == kMapValue {
			inside = r.found.AndB(inside)
		}
		f = f.AndB(inside.Not())
	}
	return f
}

// uninitStack is "some byte of [o, o+n) of the frame was never written".
func (e *encoder) uninitStack(st *state, o smt.Term, n int) smt.Term {
	if k, ok := o.Numeral(); ok {
		at := int64(k)
		for i := int64(0); i < int64(n); i++ {
			if j := at + i + stackSize; j < 0 || j >= stackSize || !st.stackInit[j] {
				return e.c.Bool(true)
			}
		}
		return e.c.Bool(false)
	}
	// [o, o+n) meets some maximal run [a, b) of unwritten bytes.
	f := e.c.Bool(false)
	end := o.Add(e.k64(uint64(n)))
	for j := 0; j < stackSize; {
		if st.stackInit[j] {
			j++
			continue
		}
		a := j
		for j < stackSize && !st.stackInit[j] {
			j++
		}
		lo, hi := e.s64(int64(a-stackSize)), e.s64(int64(j-stackSize))
		f = f.OrB(o.SLt(hi).AndB(lo.SLt(end)))
	}
	return f
}

// load reads n bytes at base+off (after its safety was assumed).
func (e *encoder) load(st *state, base value, off int16, n int, signed bool) value {
	if base.k == kScalar || base.k == kMapPtr {
		return value{v: e.fresh("load", 64), init: true}
	}
	o := base.off.Add(e.k64(uint64(int64(off))))
	if base.k == kStack && n == 8 && base.reg == st.stackReg {
		if k, ok := o.Numeral(); ok && int64(k)%8 == 0 {
			if j := (int64(k) + stackSize) / 8; j >= 0 && j < 64 && st.spills[j].valid {
				return st.spills[j].val
			}
		}
	}
	if e.shared && (base.k == kMapValue || base.k == kPacket) {
		// Other CPUs may write map values (and the packet) between two
		// loads: a proof may not assume a load sees what the last did.
		v := e.fresh("shared", 8*n)
		if n < 8 && signed {
			return value{v: v.SignExt(64 - 8*n), init: true}
		} else if n < 8 {
			return value{v: v.ZeroExt(64 - 8*n), init: true}
		}
		return value{v: v, init: true}
	}
	return value{v: e.loadBytes(st.mem[base.reg], o, n, signed), init: true}
}

// store writes the low n bytes of v at base+off.
func (e *encoder) store(st *state, base value, off int16, n int, v value) {
	if base.k == kScalar || base.k == kMapPtr {
		return
	}
	o := base.off.Add(e.k64(uint64(int64(off))))
	st.mem[base.reg] = e.storeBytes(st.mem[base.reg], o, v.v, n)
	if base.k != kStack {
		return
	}
	if base.reg != st.stackReg {
		// A caller's frame, through a pointer the callee was passed: its
		// spilled pointers may be overwritten.
		for i := range st.frames {
			if st.frames[i].stackReg == base.reg {
				st.frames[i].spills = [64]spill{}
			}
		}
		return
	}
	k, ok := o.Numeral()
	if !ok {
		st.spills = [64]spill{} // anything may have been overwritten
		return
	}
	at := int64(k) + stackSize
	for i := int64(0); i < int64(n); i++ {
		if j := at + i; j >= 0 && j < stackSize {
			st.stackInit[j] = true
			st.spills[j/8].valid = false
		}
	}
	if n == 8 && at%8 == 0 && at >= 0 && at < stackSize && v.k != kScalar {
		st.spills[at/8] = spill{val: v, valid: true}
	}
}

// stackRange is the safety of a helper reading (or writing) n bytes of the
// frame at the stack pointer p.
func (e *encoder) stackRange(st *state, p value, n int, write bool) safety {
	if p.k != kStack {
		return safety{fault: e.c.Bool(true), region: p.k.String(), cond: "the argument points to the stack", never: true, lost: e.modern}
	}
	return e.accessSafety(st, p, 0, n, write)
}
