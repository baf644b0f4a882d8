package proof

import (
	"github.com/bpfcheck/bpfcheck/smt"
)

// kind is what a symbolic value points into.
type kind uint8

const (
	kScalar   kind = iota // a number (or a pointer whose region was lost)
	kCtx                  // the context
	kStack                // the frame: offsets from r10, valid in [-512, 0)
	kMapValue             // a map value returned by a lookup (maybe NULL)
	kMapPtr               // a map reference from a map load (not memory)
	kPacket               // packet data: offsets from data, valid in [0, pkt_len)
)

var kindNames = [...]string{"scalar", "ctx", "stack", "map_value", "map_ptr", "packet"}

func (k kind) String() string { return kindNames[k] }

// value is a register's symbolic content: its 64-bit value and, for a
// pointer, the region and the offset into it (v = base(region) + off).
type value struct {
	v    smt.Term
	k    kind
	reg  int      // region index (kMapValue), map index (kMapPtr)
	off  smt.Term // offset into the region (pointers only)
	init bool     // written on this path
}

// region is a memory area a path can reach through a pointer.
type region struct {
	k      kind
	name   string
	base   smt.Term // its address, a variable
	size   int      // bytes the run owns there
	init0  smt.Term // the array of its initial bytes (for the witness)
	found  smt.Term // kMapValue: the lookup found an element (non-NULL)
	mapIdx int      // kMapValue: the map
	key    []smt.Term
	insn   int // kMapValue: the lookup's call instruction
}

// spill is a pointer stored whole into an aligned stack slot; reloading the
// slot whole gives the pointer back.
type spill struct {
	val   value
	valid bool
}

// state is the symbolic state of one path.
type state struct {
	regs      [11]value
	mem       []smt.Term // current contents of each region (by index)
	stackInit [512]bool  // bytes written, by fp offset + 512
	spills    [64]spill
	nregions  int
	nhelpers  int
	divs      []divFact
	// stackReg is the region of the current frame's stack; frames are the
	// callers' (bpf-to-bpf calls), innermost last.
	stackReg int
	frames   []callFrame
}

// callFrame is what a bpf-to-bpf call saves of its caller: the
// callee-saved registers r6-r10, the return instruction and the caller's
// stack bookkeeping.
type callFrame struct {
	ret       int
	saved     [5]value // r6-r10
	stackReg  int
	stackInit [512]bool
	spills    [64]spill
}

// divFact is a division by a constant on the path: a = qk + r exactly
// (divConst), so a - qk is r.
type divFact struct{ a, qk, r smt.Term }

func (s *state) clone() *state {
	c := *s
	c.mem = append([]smt.Term(nil), s.mem...)
	c.divs = append([]divFact(nil), s.divs...)
	c.frames = append([]callFrame(nil), s.frames...)
	return &c
}
