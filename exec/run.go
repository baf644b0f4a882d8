package exec

import (
	"encoding/binary"
	"fmt"
	"sync"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// Context is what r1 points at when a program starts: *SkBuff for socket
// filters, tc and cgroup_skb programs, *XDP for XDP programs, *PtRegs for
// kprobes, Memory for plain memory.
// A context serves one run at a time.
type Context interface{ context() }

// Memory is a plain memory context: r1 points at its first byte (0 when it
// is empty) and r2 holds its length. Only checked programs run on it.
type Memory []byte

// PtRegs is the x86-64 struct pt_regs a kprobe program reads (168 bytes,
// in the order of platform.PtRegsX86's fields: r15, r14, ..., ss).
type PtRegs [21]uint64

func (Memory) context()  {}
func (*PtRegs) context() {}

// Stack geometry (engine.FrameSize bytes per frame).
const (
	frameSize = engine.FrameSize
	maxFrames = engine.MaxFrames
)

// run is the state of one execution; engines reach it through the
// engine.Run interface.
type run struct {
	prog   *Program // the program running now (after tail calls, the target)
	regs   [16]uint64
	start  [3]uint64 // r0..r2 as the run started: what a tail call's target gets
	stack  [maxFrames * frameSize]byte
	init   [maxFrames * frameSize]bool // checked mode: which stack bytes were written
	frames []frame
	ctx    []byte // the context buffer r1 points at
	ctxRO  bool
	// The regions checked accesses test inline (access): the stack's and
	// the context's first addresses and the context's length (for
	// writes: 0 when read-only).
	stackLo, ctxLo, ctxLen, ctxWLen uint64
	// ctxRd[n] and ctxWr[n]: an access of n bytes at ctxLo+off lies in
	// the context (may write it) when off < ctxRd[n] (ctxWr[n]).
	ctxRd, ctxWr [9]uint64
	layout       *platform.Context // the layout the context is presented in (nil: plain memory)
	skb          *SkBuff
	view         *skbView
	xdp          *XDP
	xview        *xdpView
	ptrs         []ptrField // the context's pointer fields
	pk           packet     // the packet of contexts with packet pointers
	next         *Program   // target of a successful tail call
	tails        int
	rng          uint64    // get_prandom_u32's state when Env.Rand is nil
	argFault     *RunError // checked mode: a helper read uninitialised stack
	pc           int       // the interpreter's pc and budget across calls
	left         uint64
	records      []record // live ringbuf reservations
}

type frame struct {
	ret  int
	regs [5]uint64 // r6..r10
}

var runPool = sync.Pool{New: func() any { return new(run) }}

// MaxTailCalls is the kernel's limit on chained tail calls.
const MaxTailCalls = 32

// randSeed starts every run's default random numbers.
const randSeed = 0x2545f4914f6cdd1d

// Run executes the program on ctx and returns r0. A verified program runs
// only on a context of the layout its program type implies (*SkBuff for
// __sk_buff, *PtRegs for pt_regs); any other context is an error and
// nothing runs. Runs of the same Program may proceed concurrently, each on
// its own context.
func (p *Program) Run(ctx Context) (uint64, error) {
	r := runPool.Get().(*run)
	defer runPool.Put(r)
	r.prog, r.tails, r.next, r.frames, r.rng = p, 0, nil, r.frames[:0], randSeed
	defer r.dropRecords()
	if err := r.enter(ctx); err != nil {
		r.skb, r.xdp, r.ctx, r.pk.on = nil, nil, nil, false
		return 0, err
	}
	defer r.leave()
	for cur := p; ; {
		r0, tail, err := cur.compiled.Run(r)
		if err != nil || !tail {
			return r0, err
		}
		cur, r.next = r.next, nil
		r.prog = cur
		r.frames = r.frames[:0]
		r.regs = [16]uint64{1: r.start[1], 2: r.start[2], 10: r.stackTop()}
	}
}

func (r *run) stackTop() uint64 {
	return uint64(uintptr(unsafe.Pointer(&r.stack[0]))) + uint64(len(r.stack))
}

// enter checks the context against the program and sets up registers.
func (r *run) enter(ctx Context) error {
	p := r.prog
	r.regs = [16]uint64{}
	if p.checked {
		r.init = [len(r.init)]bool{}
	}
	r.regs[10] = r.stackTop()
	r.ctx, r.ctxRO, r.skb, r.view, r.layout = nil, false, nil, nil, nil
	r.xdp, r.xview, r.ptrs, r.pk.on = nil, nil, nil, false
	refuse := func(what string) error {
		return fmt.Errorf("program %s (%s) runs on a %s context, not on %s", p.name, p.typ, p.layout, what)
	}
	switch c := ctx.(type) {
	case nil:
		if !p.checked {
			return refuse("no context")
		}
	case Memory:
		if !p.checked && (p.layout.Name != "memory" || p.layout.Size != len(c)) {
			return refuse(fmt.Sprintf("plain memory of %d bytes", len(c)))
		}
		r.layout = p.layout
		r.ctx = c
		if len(c) > 0 {
			r.regs[1] = uint64(uintptr(unsafe.Pointer(&c[0])))
		}
		r.regs[2] = uint64(len(c))
	case *SkBuff:
		if c == nil {
			return refuse("a nil *SkBuff")
		}
		r.view, r.layout = checkedSkbView, checkedSkbLayout
		if !p.checked {
			if p.view == nil {
				return refuse("an __sk_buff")
			}
			r.view, r.layout = p.view, p.layout
		}
		clear(c.ctx[:])
		r.ctx = c.ctx[:r.layout.Size]
		if r.view.hasPacket() {
			if err := r.pk.set(c.Packet, nil); err != nil {
				return err
			}
		}
		r.skb, r.ptrs = c, r.view.ptrs
		r.notePacket()
		r.view.syncIn(c, r.ctx)
		putPtrs(r.ptrs, r.ctx, &r.pk)
		r.regs[1] = uint64(uintptr(unsafe.Pointer(&c.ctx[0])))
	case *XDP:
		if c == nil {
			return refuse("a nil *XDP")
		}
		r.xview, r.layout = checkedXDPView, checkedXDPLayout
		if !p.checked {
			if p.xview == nil {
				return refuse("an xdp_md")
			}
			r.xview, r.layout = p.xview, p.layout
		}
		if err := r.pk.set(c.Packet, c.Meta); err != nil {
			return err
		}
		clear(c.ctx[:])
		r.ctx = c.ctx[:r.layout.Size]
		r.xdp, r.ptrs = c, r.xview.ptrs
		r.notePacket()
		r.xview.syncIn(c, r.ctx)
		putPtrs(r.ptrs, r.ctx, &r.pk)
		r.regs[1] = uint64(uintptr(unsafe.Pointer(&c.ctx[0])))
	case *PtRegs:
		if c == nil {
			return refuse("a nil *PtRegs")
		}
		if !p.checked && (p.layout.Name != "pt_regs" || p.layout.Size != len(c)*8) {
			return refuse("a pt_regs of 168 bytes")
		}
		r.layout = platform.PtRegsX86
		r.ctx = unsafe.Slice((*byte)(unsafe.Pointer(&c[0])), len(c)*8)
		r.ctxRO = true
		r.regs[1] = uint64(uintptr(unsafe.Pointer(&c[0])))
	default:
		return fmt.Errorf("unsupported context %T", ctx)
	}
	r.start = [3]uint64{0, r.regs[1], r.regs[2]}
	r.stackLo = uint64(uintptr(unsafe.Pointer(&r.stack[0])))
	r.ctxLo, r.ctxLen, r.ctxWLen = 0, 0, 0
	if len(r.ctx) > 0 {
		r.ctxLo, r.ctxLen = uint64(uintptr(unsafe.Pointer(&r.ctx[0]))), uint64(len(r.ctx))
		if !r.ctxRO {
			r.ctxWLen = r.ctxLen
		}
	}
	for _, n := range [...]uint64{1, 2, 4, 8} {
		r.ctxRd[n], r.ctxWr[n] = 0, 0
		if r.ctxLen >= n {
			r.ctxRd[n] = r.ctxLen - n + 1
		}
		if r.ctxWLen >= n {
			r.ctxWr[n] = r.ctxWLen - n + 1
		}
	}
	return nil
}

func (r *run) leave() {
	if r.skb != nil {
		r.view.syncOut(r.skb, r.ctx)
		if r.pk.on {
			r.skb.Packet = copyOut(r.skb.Packet, r.pk.bytes())
		}
	}
	if r.xdp != nil {
		r.xdp.Packet = copyOut(r.xdp.Packet, r.pk.bytes())
		r.xdp.Meta = copyOut(r.xdp.Meta, r.pk.buf[r.pk.meta:r.pk.data])
	}
	// No address of this run outlives it in the context.
	r.pk.on = false
	putPtrs(r.ptrs, r.ctx, &r.pk)
	r.skb, r.xdp, r.ctx = nil, nil, nil
}

// dropRecords discards the reservations a run left (a verified program
// cannot: the verifier demands submit or discard on every path).
func (r *run) dropRecords() {
	for _, rec := range r.records {
		rec.m.mu.Lock()
		rec.m.ring.cons += ringBytes(len(rec.buf))
		rec.m.mu.Unlock()
	}
	r.records = r.records[:0]
}

// packet is the packet the run works on: the low-memory copy when the
// context holds packet pointers, else the SkBuff's (nil without one).
func (r *run) packet() []byte {
	if r.pk.on {
		return r.pk.bytes()
	}
	if r.skb != nil {
		return r.skb.Packet
	}
	return nil
}

// tailTarget reports whether a tail call may start t on this run: a
// verified target must have been verified for the layout the context is
// presented in (the kernel allows tail calls only between programs of one
// type).
func (r *run) tailTarget(t *Program) bool {
	return t.checked || (r.layout != nil && t.layout.Equal(r.layout))
}

// Reg implements engine.Run.
func (r *run) Reg(i int) uint64 { return r.regs[i] }

// Packet implements engine.Run.
func (r *run) Packet() []byte {
	if r.skb == nil {
		return nil
	}
	return r.packet()
}

// Regions implements engine.Run.
func (r *run) Regions() engine.Regions {
	return engine.Regions{Stack: r.stack[:], Init: r.init[:], Ctx: r.ctx, CtxRO: r.ctxRO}
}

// RandState implements engine.Run.
func (r *run) RandState() *uint64 { return &r.rng }

// Check implements engine.Run.
func (r *run) Check(pc int, addr uint64, n int, write bool) error {
	return r.check(pc, addr, n, write)
}

// Call implements engine.Run.
func (r *run) Call(pc int, id int32, args [5]uint64, r0 uint64) (uint64, bool, error) {
	return r.callHelper(pc, id, args, r0)
}

// inside reports whether [addr, addr+n) lies within b.
func inside(b []byte, addr uint64, n int) (off int, ok bool) {
	if len(b) == 0 {
		return 0, false
	}
	base := uint64(uintptr(unsafe.Pointer(&b[0])))
	if addr < base || addr-base > uint64(len(b)) || addr-base+uint64(n) > uint64(len(b)) {
		return 0, false
	}
	return int(addr - base), true
}

// access is check with its common cases inline: the stack (a read needs
// every byte written, a write marks them) and the context. Everything
// else, and every fault, goes to check.
func (r *run) access(pc int, addr uint64, n int, write bool) error {
	if off := addr - r.stackLo; off <= uint64(len(r.stack)-n) {
		p := unsafe.Pointer(&r.init[off])
		if write {
			switch n {
			case 1:
				*(*uint8)(p) = 1
			case 2:
				*(*uint16)(p) = 0x0101
			case 4:
				*(*uint32)(p) = 0x01010101
			default:
				*(*uint64)(p) = 0x0101010101010101
			}
			return nil
		}
		var all bool
		switch n {
		case 1:
			all = *(*uint8)(p) == 1
		case 2:
			all = *(*uint16)(p) == 0x0101
		case 4:
			all = *(*uint32)(p) == 0x01010101
		default:
			all = *(*uint64)(p) == 0x0101010101010101
		}
		if all {
			return nil
		}
	} else if limit := r.ctxLen; write && r.ctxWLen == 0 {
		// a read-only context: writes go to check
	} else if off := addr - r.ctxLo; off < limit && off+uint64(n) <= limit {
		return nil
	}
	return r.check(pc, addr, n, write)
}

// check validates a checked-mode access of n bytes at addr.
func (r *run) check(pc int, addr uint64, n int, write bool) error {
	what := "read"
	if write {
		what = "write"
	}
	if off, ok := inside(r.stack[:], addr, n); ok {
		for i := 0; i < n; i++ {
			if write {
				r.init[off+i] = true
			} else if !r.init[off+i] {
				return &RunError{PC: pc, Msg: fmt.Sprintf("read of uninitialised stack at fp%d", off+i-len(r.stack))}
			}
		}
		return nil
	}
	if _, ok := inside(r.ctx, addr, n); ok {
		if write && r.ctxRO {
			return &RunError{PC: pc, Msg: "write to the read-only context"}
		}
		return nil
	}
	if _, ok := inside(r.pk.region(), addr, n); ok {
		return nil
	}
	for _, m := range r.prog.maps {
		if in, ok := m.valueRegion(uintptr(addr), n); in {
			if !ok {
				return &RunError{PC: pc, Msg: fmt.Sprintf("out-of-bounds %s of %d bytes at %#x: past the end of a value of map %q (its red zone) or in a deleted element", what, n, addr, m.spec.Name)}
			}
			if write && m.spec.Frozen {
				return &RunError{PC: pc, Msg: fmt.Sprintf("write to the read-only map %q", m.spec.Name)}
			}
			return nil
		}
	}
	if r.inRecord(addr, n) != nil {
		return nil
	}
	return &RunError{PC: pc, Msg: fmt.Sprintf("out-of-bounds %s of %d bytes at %#x", what, n, addr)}
}

// loadPacket is LD_ABS/LD_IND: n bytes of the packet at off, in network
// byte order. ok is false when out of bounds (the program then returns 0).
func (r *run) loadPacket(off int64, n int) (uint64, bool) {
	pkt := r.packet()
	if r.skb == nil || off < 0 || off+int64(n) > int64(len(pkt)) {
		return 0, false
	}
	b := pkt[off : off+int64(n)]
	switch n {
	case 1:
		return uint64(b[0]), true
	case 2:
		return uint64(binary.BigEndian.Uint16(b)), true
	case 4:
		return uint64(binary.BigEndian.Uint32(b)), true
	}
	return binary.BigEndian.Uint64(b), true
}

// mapArg turns a map handle back into the map.
func (r *run) mapArg(v uint64) *Map {
	i := v - engine.MapHandleBase
	if v < engine.MapHandleBase || i >= uint64(len(r.prog.maps)) {
		return nil
	}
	return r.prog.maps[i]
}

// bytesAt returns n bytes of run memory at addr a helper may write, or nil
// if addr is not memory the run owns (helpers never touch anything else).
func (r *run) bytesAt(addr uint64, n int) []byte { return r.memAt(addr, n, true) }

// readAt is memAt for memory a helper reads: in checked mode every
// stack byte of it must have been written (as the verifier demands of
// helper arguments); otherwise it records the fault and returns nil.
func (r *run) readAt(addr uint64, n int) []byte {
	b := r.memAt(addr, n, false)
	if b == nil || !r.prog.checked {
		return b
	}
	if off, ok := inside(r.stack[:], addr, n); ok {
		for i := 0; i < n; i++ {
			if !r.init[off+i] {
				if r.argFault == nil {
					r.argFault = &RunError{Msg: fmt.Sprintf("reads uninitialised stack at fp%d", off+i-len(r.stack))}
				}
				return nil
			}
		}
	}
	return b
}

// memAt returns n bytes of run memory at addr, or nil if addr is not
// memory the run owns, or a read-only part of it for a write.
func (r *run) memAt(addr uint64, n int, write bool) []byte {
	if n < 0 {
		return nil
	}
	if n == 0 {
		return []byte{}
	}
	if off, ok := inside(r.stack[:], addr, n); ok {
		return r.stack[off : off+n]
	}
	if off, ok := inside(r.ctx, addr, n); ok && !(write && r.ctxRO) {
		return r.ctx[off : off+n]
	}
	if b := r.inRecord(addr, n); b != nil {
		return b
	}
	if reg := r.pk.region(); len(reg) > 0 {
		if off, ok := inside(reg, addr, n); ok {
			return reg[off : off+n]
		}
	}
	for _, m := range r.prog.maps {
		if in, ok := m.valueRegion(uintptr(addr), n); in && ok && !(write && m.spec.Frozen) {
			return unsafe.Slice((*byte)(ptr(addr)), n)
		}
	}
	return nil
}

// notePacket tells Env.OnPacket where this run's packet buffer is.
func (r *run) notePacket() {
	if f := r.prog.env.OnPacket; f != nil && r.pk.on {
		f(r.pk.span())
	}
}
