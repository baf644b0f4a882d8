package absint

import (
	"github.com/bpfcheck/bpfcheck/absint/scalar"
)

// mtype is a modern register's base type (the kernel's enum bpf_reg_type).
type mtype uint8

// Register types of the modern domain.
const (
	mNotInit    mtype = iota
	mScalar           // a number; v is its value
	mCtx              // the program's context
	mStack            // a frame's stack; frame says which
	mMapPtr           // a map (aux: map index)
	mMapValue         // a value of map aux
	mMapKey           // a key of map aux (callbacks)
	mPacket           // packet data; rng bytes readable after off
	mPacketEnd        // one past the packet's last byte
	mPacketMeta       // packet metadata
	mMem              // memory of aux bytes
	mSock             // struct bpf_sock
	mSockCommon       // struct bpf_sock_common
	mTCPSock          // struct bpf_tcp_sock
	mFunc             // a subprogram's address (aux: its first insn)
	mBTFID            // a kernel object typed by BTF
	mIter             // an open-coded iterator's state in a stack slot (aux: iterActive, iterDrained; off: depth)
	mNumTypes
)

var mtypeNames = [mNumTypes]string{"?", "scalar", "ctx", "fp", "map_ptr", "map_value", "map_key",
	"pkt", "pkt_end", "pkt_meta", "mem", "sock", "sock_common", "tcp_sock", "func", "ptr_", "iter"}

// Register flags.
const (
	fNull    uint8 = 1 << iota // the pointer may be NULL (PTR_MAYBE_NULL)
	fRdonly                    // memory that may only be read (MEM_RDONLY)
	fRingbuf                   // a ringbuf record (MEM_RINGBUF)
	// fAddConst marks a scalar linked to the others of its id with a
	// constant difference, its off (BPF_ADD_CONST).
	fAddConst
	// fAddConst32 says the difference was added by a 32-bit operation: the
	// scalar is the low 32 bits of base + off, zero-extended.
	fAddConst32
	// BTF pointers' trust (and PTR_UNTRUSTED memory): fTrusted
	// (PTR_TRUSTED), fUntrusted (PTR_UNTRUSTED: readable, never a trusted
	// argument), fRCU (MEM_RCU: valid in the RCU read section).
	fTrusted
	fUntrusted
	fRCU
)

// mreg is one register of the modern domain. A scalar's value, and a
// pointer's variable offset, is v; a pointer's constant offset is off.
type mreg struct {
	v     scalar.Value
	off   int32
	t     mtype
	flags uint8
	frame uint8 // mStack: the frame the pointer points into
	// precise: a stored state's scalar whose value decided a safety
	// condition after it; only precise scalars must be covered by range.
	precise bool
	id      uint32 // copies with one id learn together (NULL checks, bounds, packet range)
	ref     uint32 // the reference a pointer holds (0: none)
	rng     int32  // mPacket: bytes [off, rng) relative to the packet's base are readable
	aux     int32  // map index, mem size, subprogram entry
}

func (r *mreg) isPtr() bool  { return r.t > mScalar }
func (r *mreg) isNull() bool { return r.flags&fNull != 0 }

// neverNull says a pointer not marked NULL-able is never NULL at run time:
// every pointer type but kernel pointers that are not trusted.
func (r *mreg) neverNull() bool {
	if r.flags&fUntrusted != 0 {
		return false
	}
	return r.t != mBTFID || r.flags&fTrusted != 0
}

func (r *mreg) isPkt() bool { return r.t == mPacket || r.t == mPacketMeta }

// typeName is the kernel's reg_type_str: the flags' prefixes in its
// order, the base type, "_or_null".
func (r *mreg) typeName() string {
	s := mtypeNames[r.t]
	if r.flags&fRdonly != 0 {
		s = "rdonly_" + s
	}
	if r.flags&fRingbuf != 0 {
		s = "ringbuf_" + s
	}
	if r.isPtr() {
		var p string
		if r.flags&fRCU != 0 {
			p += "rcu_"
		}
		if r.flags&fUntrusted != 0 {
			p += "untrusted_"
		}
		if r.flags&fTrusted != 0 {
			p += "trusted_"
		}
		if p != "" {
			if r.flags&fRdonly != 0 {
				s = "rdonly_" + p + mtypeNames[r.t]
			} else {
				s = p + s
			}
		}
	}
	if r.isNull() {
		if r.t == mBTFID {
			return s + "or_null_" // "ptr_" takes the struct's name after it
		}
		s += "_or_null"
	}
	return s
}

func scalarReg(v scalar.Value) mreg { return mreg{t: mScalar, v: v} }
func unknownReg() mreg              { return mreg{t: mScalar, v: scalar.Unknown()} }
func constReg(c uint64) mreg        { return mreg{t: mScalar, v: scalar.Const(c)} }

// ptrReg returns a pointer of type t with a zero offset.
func ptrReg(t mtype) mreg { return mreg{t: t, v: scalar.Const(0)} }

// Stack byte kinds.
const (
	sInvalid uint8 = iota // never written
	sMisc                 // some data
	sZero                 // known zero
	sSpill                // part of a spilled register
	sIter                 // an iterator's state (bpf_iter_num); spill describes it
)

// Iterator states (mIter's aux).
const (
	iterActive  = 1
	iterDrained = 2
)

// mslot is 8 bytes of a stack frame: fp-8*(i+1) .. fp-8*i-1 for slot i.
// kind[j] describes the byte at the slot's lowest address plus j; spill is
// the register spilled there when kind[0] is sSpill.
type mslot struct {
	kind  [8]uint8
	spill mreg
}

// mframe is one function's activation: its registers and stack.
type mframe struct {
	regs     [11]mreg
	stack    []mslot // grows as the function uses its stack
	callsite int     // the call instruction that made this frame (-1 for main)
	entry    int     // the function's first instruction
	// written has a bit per stack slot wholly written since the path's
	// last stored state (the kernel's REG_LIVE_WRITTEN).
	written uint64
	// inCallback: the frame is a callback a helper calls (bpf_loop,
	// bpf_for_each_map_elem); its exit returns to the helper call itself.
	inCallback bool
	// callbackDepth counts the callback iterations walked from this frame's
	// current helper call (the kernel's callback_depth; bpf_loop stops at
	// its count's bound).
	callbackDepth uint64
}

// mref is a reference the program holds and must release.
type mref struct {
	id   uint32
	insn int // the acquiring instruction
}

// mstate is the abstract state of one path at one instruction.
type mstate struct {
	frames []*mframe
	refs   []mref
	// parent is the index of the last stored state on this path (-1).
	parent int32
	// path is the length of the walker's trail when this state was made.
	path int32
	// mayGoto counts the may_goto fall-throughs on this path (the kernel's
	// may_goto_depth): states at a may_goto that differ in it are
	// iterations of a loop the hidden counter bounds.
	mayGoto uint32
	// fallThrough marks a pending path that falls through the jump that
	// pushed it (may_goto), for the path record.
	fallThrough bool
	// cbUnroll counts the callback entries on this path (the kernel's
	// callback_unroll_depth): equal states with other counts are no
	// infinite loop.
	cbUnroll uint32
	// lock is the bpf_spin_lock the path holds (the kernel's active lock).
	lock mlock
}

// mlock is a held bpf_spin_lock: in a value of map mapIdx, reached through
// a pointer of id (0: the map's single value of an ld_imm64), taken at insn.
type mlock struct {
	held   bool
	mapIdx int32
	id     uint32
	insn   int32
}

func (s *mstate) cur() *mframe { return s.frames[len(s.frames)-1] }

// copyFrom deep-copies s into n, reusing n's memory.
func (n *mstate) copyFrom(s *mstate) {
	n.parent, n.path, n.mayGoto, n.cbUnroll, n.lock = s.parent, s.path, s.mayGoto, s.cbUnroll, s.lock
	for len(n.frames) < len(s.frames) {
		n.frames = append(n.frames, &mframe{})
	}
	n.frames = n.frames[:len(s.frames)]
	for i, f := range s.frames {
		nf := n.frames[i]
		if nf == nil {
			nf = &mframe{}
			n.frames[i] = nf
		}
		st := nf.stack[:0]
		*nf = *f
		nf.stack = append(st, f.stack...)
	}
	n.refs = append(n.refs[:0], s.refs...)
}

// clone deep-copies a state.
func (s *mstate) clone() *mstate {
	n := &mstate{}
	n.copyFrom(s)
	return n
}

// slot returns stack slot i of frame f, growing the stack; nil when i is
// beyond 512 bytes.
func (f *mframe) slot(i int) *mslot {
	if i < 0 || i >= 64 {
		return nil
	}
	for len(f.stack) <= i {
		f.stack = append(f.stack, mslot{})
	}
	return &f.stack[i]
}

// stackByte returns the kind of the byte at fp+off (off < 0).
func (f *mframe) stackByte(off int) uint8 {
	i := (-off - 1) / 8
	if i >= len(f.stack) {
		return sInvalid
	}
	return f.stack[i].kind[(off%8+8)%8]
}

// forEachReg calls fn on every register and spilled register of s.
func (s *mstate) forEachReg(fn func(r *mreg)) {
	for _, f := range s.frames {
		for i := range f.regs {
			fn(&f.regs[i])
		}
		for i := range f.stack {
			if f.stack[i].kind[0] == sSpill {
				fn(&f.stack[i].spill)
			}
		}
	}
}
