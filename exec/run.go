package exec

import (
	"encoding/binary"
	"fmt"
	"sync"
	"unsafe"
)

// Context is what r1 points at when a program starts: *SkBuff for socket
// filters and tc programs, *PtRegs for kprobes, Memory for plain memory.
type Context interface{ context() }

// Memory is a plain memory context: r1 points at its first byte (0 when it
// is empty) and r2 holds its length.
type Memory []byte

// PtRegs is the x86-64 struct pt_regs a kprobe program reads (168 bytes).
type PtRegs [21]uint64

func (Memory) context()  {}
func (*PtRegs) context() {}

// Run is the state of one execution. Engines use it to reach memory,
// helpers and the packet.
type Run struct {
	prog   *Program
	regs   [16]uint64
	stack  [maxFrames * frameSize]byte
	init   [maxFrames * frameSize]bool // checked mode: which stack bytes were written
	frames []frame
	ctx    []byte // the context buffer r1 points at
	ctxRO  bool
	skb    *SkBuff
	next   *Program // target of a successful tail call
	tails  int
	env    *Env
}

var runPool = sync.Pool{New: func() any { return new(Run) }}

// MaxTailCalls is the kernel's limit on chained tail calls.
const MaxTailCalls = 32

// Run executes the program on ctx and returns r0. Runs of the same Program
// may proceed concurrently.
func (p *Program) Run(ctx Context) (uint64, error) {
	r := runPool.Get().(*Run)
	defer runPool.Put(r)
	r.prog, r.env, r.tails, r.next, r.frames, r.skb = p, &p.opts.Env, 0, nil, r.frames[:0], nil
	if err := r.enter(ctx); err != nil {
		return 0, err
	}
	for cur := p; ; {
		var r0 uint64
		var tail bool
		var err error
		if cur.compiled != nil {
			r0, tail, err = cur.compiled.Run(r)
		} else {
			r0, tail, err = r.interpret(cur)
		}
		if err != nil || !tail {
			r.leave()
			return r0, err
		}
		cur, r.next = r.next, nil
		r.prog = cur
		r.frames = r.frames[:0]
		r.regs[10] = r.stackTop()
	}
}

func (r *Run) stackTop() uint64 {
	return uint64(uintptr(unsafe.Pointer(&r.stack[0]))) + uint64(len(r.stack))
}

// enter sets up registers and the context.
func (r *Run) enter(ctx Context) error {
	r.regs = [16]uint64{}
	if r.prog.checked {
		r.init = [len(r.init)]bool{}
	}
	r.regs[10] = r.stackTop()
	r.ctx, r.ctxRO = nil, false
	switch c := ctx.(type) {
	case nil:
	case Memory:
		r.ctx = c
		if len(c) > 0 {
			r.regs[1] = uint64(uintptr(unsafe.Pointer(&c[0])))
		}
		r.regs[2] = uint64(len(c))
	case *SkBuff:
		r.skb = c
		r.ctx = c.ctx[:]
		c.syncIn()
		r.regs[1] = uint64(uintptr(unsafe.Pointer(&c.ctx[0])))
	case *PtRegs:
		r.ctx = unsafe.Slice((*byte)(unsafe.Pointer(&c[0])), len(c)*8)
		r.ctxRO = true
		r.regs[1] = uint64(uintptr(unsafe.Pointer(&c[0])))
	default:
		return fmt.Errorf("unsupported context %T", ctx)
	}
	return nil
}

func (r *Run) leave() {
	if r.skb != nil {
		r.skb.syncOut()
	}
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

// check validates a checked-mode access of n bytes at addr.
func (r *Run) check(pc int, addr uint64, n int, write bool) error {
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
	for _, m := range r.prog.maps {
		if in, ok := m.valueRegion(uintptr(addr), n); in {
			if !ok {
				return &RunError{PC: pc, Msg: fmt.Sprintf("%s of %d bytes at %#x crosses a value of map %q or a deleted element", what, n, addr, m.spec.Name)}
			}
			return nil
		}
	}
	return &RunError{PC: pc, Msg: fmt.Sprintf("out-of-bounds %s of %d bytes at %#x", what, n, addr)}
}

// loadPacket is LD_ABS/LD_IND: n bytes of the packet at off, in network
// byte order. ok is false when out of bounds (the program then returns 0).
func (r *Run) loadPacket(off int64, n int) (uint64, bool) {
	if r.skb == nil || off < 0 || off+int64(n) > int64(len(r.skb.Packet)) {
		return 0, false
	}
	b := r.skb.Packet[off : off+int64(n)]
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
func (r *Run) mapArg(v uint64) *Map {
	i := v - mapHandleBase
	if v < mapHandleBase || i >= uint64(len(r.prog.maps)) {
		return nil
	}
	return r.prog.maps[i]
}

// bytesAt returns n bytes of run memory at addr, or nil if addr is not
// memory the run owns (helpers never touch anything else).
func (r *Run) bytesAt(addr uint64, n int) []byte {
	if n < 0 {
		return nil
	}
	if n == 0 {
		return []byte{}
	}
	if off, ok := inside(r.stack[:], addr, n); ok {
		return r.stack[off : off+n]
	}
	if off, ok := inside(r.ctx, addr, n); ok && !r.ctxRO {
		return r.ctx[off : off+n]
	}
	for _, m := range r.prog.maps {
		if in, ok := m.valueRegion(uintptr(addr), n); in && ok {
			return unsafe.Slice((*byte)(ptr(addr)), n)
		}
	}
	return nil
}
