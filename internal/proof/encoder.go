package proof

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/smt"
)

// Address-space facts the encoding assumes of every region: its base is at
// least minBase (the low page is never mapped, so NULL and small scalars
// never alias memory) and the region ends below maxBase (no wrap-around).
const (
	minBase   = 0x10000
	maxBase   = 1 << 47
	stackSize = 512
)

// helperCall is a helper whose result the witness controls.
type helperCall struct {
	insn int
	id   int32
	ret  smt.Term // 64-bit
}

// encoder builds the formula of one program's paths on one solver.
type encoder struct {
	c    *smt.Context
	prog *ir.Program

	regions []region // by index; a state uses the first nregions
	helpers []helperCall
	pktLen  smt.Term // 64-bit
	pkt0    smt.Term // initial packet bytes
	cpu     smt.Term
	pidTgid smt.Term
	uidGid  smt.Term
	classid smt.Term
	ctxSize int
	ctxRO   bool
	skb     bool
	names   int
	// modern is set for the modern profiles: context fields yield packet
	// pointers as platform's layout says.
	modern bool
	layout *platform.Context
	// ctxPointers is set once the path loads a pointer from the context
	// other than data and data_end (which exec's __sk_buff and xdp_md hold
	// as real packet pointers): its witnesses cannot be replayed.
	ctxPointers bool
	// shared makes every load from a map value or the packet a fresh
	// value (proofs: other CPUs may write them at any time); witnesses
	// keep loads consistent so that they replay.
	shared bool
}

// Region indexes every state starts with.
const (
	regCtx    = 0
	regStack  = 1
	regPacket = 2
	// maxPacket bounds the packet in the modern encoding (the linear data
	// a program can reach through data/data_end is below 64 KiB).
	maxPacket = 0xffffffff
)

// fresh returns a new variable with a unique name.
func (e *encoder) fresh(prefix string, bits int) smt.Term {
	e.names++
	return e.c.BV(fmt.Sprintf("%s_%d", prefix, e.names), bits)
}

func (e *encoder) k64(v uint64) smt.Term { return e.c.Const(v, 64) }

// s64 is the 64-bit two's complement constant v.
func (e *encoder) s64(v int64) smt.Term { return e.c.Const(uint64(v), 64) }

// contextShape is the context buffer exec gives a program type.
func contextShape(t ir.ProgType) (size int, readOnly, skb bool) {
	switch t {
	case ir.ProgTypeSocketFilter, ir.ProgTypeSchedCLS, ir.ProgTypeSchedACT:
		return 192, false, true // exec presents checked programs the widest __sk_buff (6.18)
	case ir.ProgTypeKprobe:
		return len(exec.PtRegs{}) * 8, true, false
	}
	return 256, false, false
}

// addRegion appends a region with a fresh base and initial contents and
// constrains its address range.
func (e *encoder) addRegion(st *state, r region) (int, error) {
	r.base = e.fresh("base_"+r.name, 64)
	r.init0 = e.c.Array(fmt.Sprintf("mem_%s_%d", r.name, e.names), 64, 8)
	// The address facts are axioms on the bases, asserted only once a
	// query mentions an address (most accesses are offsets into their
	// region): they are satisfiable on their own, so leaving them out of a
	// query that does not mention a base changes no answer, and it saves
	// bit-blasting their 64-bit sums on every path.
	lo, hi := e.k64(minBase), e.k64(maxBase-uint64(r.size)-stackSize)
	if err := e.c.Axiom(lo.ULe(r.base).AndB(r.base.ULe(hi)), r.base); err != nil {
		return 0, err
	}
	e.regions = append(e.regions[:st.nregions], r)
	// Regions are disjoint: real memory does not overlap.
	lo, size := e.span(st.nregions)
	hiNew := lo.Add(e.k64(uint64(size)))
	for i := 0; i < st.nregions; i++ {
		olo, osize := e.span(i)
		ohi := olo.Add(e.k64(uint64(osize)))
		if err := e.c.Axiom(hiNew.ULe(olo).OrB(ohi.ULe(lo)), r.base, e.regions[i].base); err != nil {
			return 0, err
		}
	}
	st.mem = append(st.mem[:st.nregions], r.init0)
	st.nregions++
	return st.nregions - 1, nil
}

// initial is the state at insn 0: r1 = ctx, r10 = fp, the rest 0 as exec
// starts them (but not initialised, as far as safety goes).
func (e *encoder) initial() (*state, error) {
	st := &state{}
	e.ctxSize, e.ctxRO, e.skb = contextShape(e.prog.Type)
	if e.modern {
		if c, ok := platform.Context618(e.prog.Type, e.prog.AttachType); ok {
			e.layout = c
			e.ctxSize, e.ctxRO = max(c.Size, e.ctxSize), c.ReadOnly
		}
	}
	ctx, err := e.addRegion(st, region{k: kCtx, name: "ctx", size: e.ctxSize})
	if err != nil {
		return nil, err
	}
	stack, err := e.addRegion(st, region{k: kStack, name: "stack", size: stackSize})
	if err != nil {
		return nil, err
	}
	e.pktLen = e.fresh("pkt_len", 64)
	if _, err := e.addRegion(st, region{k: kPacket, name: "pkt", size: maxPacket}); err != nil {
		return nil, err
	}
	e.pkt0 = e.regions[regPacket].init0
	zero := e.k64(0)
	for i := range st.regs {
		st.regs[i] = value{v: zero}
	}
	st.regs[1] = value{v: e.regions[ctx].base, k: kCtx, reg: ctx, off: zero, init: true}
	st.regs[10] = value{v: e.regions[stack].base, k: kStack, reg: stack, off: zero, init: true}
	st.stackReg = stack
	if !e.skb && e.prog.Type != ir.ProgTypeKprobe {
		st.regs[2] = value{v: e.k64(uint64(e.ctxSize))} // exec's plain-memory contexts pass their length
	}
	e.cpu = e.fresh("cpu", 32).ZeroExt(32)
	e.pidTgid = e.fresh("pid_tgid", 64)
	e.uidGid = e.fresh("uid_gid", 64)
	e.classid = e.fresh("classid", 32).ZeroExt(32)
	limit := uint64(0xffffffff)
	if e.modern {
		limit = maxPacket
	}
	if err := e.c.Assert(e.pktLen.ULe(e.k64(limit))); err != nil {
		return nil, err
	}
	if e.skb {
		// __sk_buff.len is the packet's length; vlan_present is 0 or 1.
		ctx0 := e.regions[ctx].init0
		if err := e.c.Assert(e.loadBytes(ctx0, e.k64(0), 4, false).Eq(e.pktLen)); err != nil {
			return nil, err
		}
		if err := e.c.Assert(e.loadBytes(ctx0, e.k64(20), 4, false).ULe(e.k64(1))); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// loadBytes reads n little-endian bytes of array mem at off, extended to 64
// bits (sign-extended when signed).
func (e *encoder) loadBytes(mem, off smt.Term, n int, signed bool) smt.Term {
	v := mem.Select(off.Add(e.k64(uint64(n - 1))))
	for i := n - 2; i >= 0; i-- {
		v = v.Concat(mem.Select(off.Add(e.k64(uint64(i)))))
	}
	if n == 8 {
		return v
	}
	if signed {
		return v.SignExt(64 - 8*n)
	}
	return v.ZeroExt(64 - 8*n)
}

// storeBytes writes the low n bytes of v little-endian into mem at off.
func (e *encoder) storeBytes(mem, off, v smt.Term, n int) smt.Term {
	for i := 0; i < n; i++ {
		mem = mem.Store(off.Add(e.k64(uint64(i))), v.Extract(8*i+7, 8*i))
	}
	return mem
}
