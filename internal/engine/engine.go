// Package engine is the contract between exec and the engines that run
// programs: exec's interpreter and the x86-64 JIT. It is internal so that
// the public execution API (package exec) stays small: only engines built
// into this module can reach a run's registers, memory checks and helper
// calls, and users only choose an engine.
//
// An engine compiles a Program that exec already validated (known opcodes,
// registers r0-r10, existing maps, LD_IMM64 pairs) and must give exactly
// the interpreter's results on it: the same r0, the same memory, the same
// helper calls with the same arguments, the same faults at the same
// instruction with the same message.
package engine

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Stack geometry: each frame (the program and every local call) has
// FrameSize bytes; a run has at most MaxFrames frames.
const (
	FrameSize = 512
	MaxFrames = 8
)

// ShadowOffset is where a run's shadow of written stack bytes (Regions.Init)
// lies after its stack: the shadow byte of the stack byte at address a is
// at a + ShadowOffset, so checked code reaches it without a base register.
const ShadowOffset = MaxFrames * FrameSize

// MapHandleBase tags the value a map load puts in a register: no address,
// only a handle (MapHandleBase + the map's index) helpers turn back into
// the map.
const MapHandleBase = 0xffff_ff00_0000_0000

// MapHandle is the value a map load of map i puts in its register.
func MapHandle(i int) uint64 { return MapHandleBase + uint64(i) }

// Unlimited is the budget of a run that may take any number of jumps.
const Unlimited = ^uint64(0)

// FixedFrame reports whether no instruction of insns may change r10, so
// that r10 is always the current frame's end (local calls move it by
// FrameSize and back) and an access at r10+off with -FrameSize <= off and
// off+size <= 0 lies in the stack: checked code then tests only that its
// bytes were written.
func FixedFrame(insns []ir.Instruction) bool {
	for _, ins := range insns {
		ins = ins.PlainAccess() // a load-acquire writes its dst like a load
		switch c := ins.Opcode.Class(); {
		case c.IsALU(), c == ir.ClassLDX, c == ir.ClassLD && ins.Opcode.Mode() == ir.ModeIMM:
			if ins.Dst == ir.R10 {
				return false
			}
		case c == ir.ClassSTX && ins.Opcode.Mode() == ir.ModeATOMIC:
			if ins.Src == ir.R10 && ins.Imm&ir.AtomicFetch != 0 {
				return false
			}
		}
	}
	return true
}

// Program is what an engine compiles.
type Program struct {
	Insns   []ir.Instruction // validated; LD_IMM64 takes two slots
	Checked bool             // check every access, count jumps against Budget
	Budget  uint64           // backward jumps and local calls a checked run may take; Unlimited for no bound
	NumMaps int              // map loads refer to maps 0..NumMaps-1
	// Arrays[i], when its Values is not 0, describes map i, an array
	// whose map_lookup_elem an engine may do inline: for a verified
	// program without a helper hook (exec.Env.OnHelper), a lookup of key
	// k < MaxEntries gives Values + k*Stride and of any other key NULL,
	// exactly what the helper returns.
	Arrays []ArrayMap
	// Inline, when not nil, lets an engine answer helpers without calling
	// them (exec sets it for programs without a helper hook).
	Inline *InlineHelpers
}

// ArrayMap is the layout of an array map's values, which stay at one
// address for the map's life.
type ArrayMap struct {
	Values     uintptr // the first value
	Stride     uint32  // bytes from one value to the next
	MaxEntries uint32
}

// InlineHelpers are the answers of helpers an engine may give itself.
type InlineHelpers struct {
	CPU uint32 // get_smp_processor_id
	// Rand: get_prandom_u32 is the run's xorshift64* sequence
	// (Run.RandState; exec's default without an Env.Rand).
	Rand bool
}

// RandStep is one step of the default get_prandom_u32 sequence: the
// state's next value and the number it gives.
func RandStep(x uint64) (next uint64, v uint32) {
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	return x, uint32((x * 0x2545f4914f6cdd1d) >> 32)
}

// Engine compiles programs for one way of execution.
type Engine interface {
	Name() string
	Compile(p *Program) (Compiled, error)
}

// Compiled is a program an Engine prepared; it may run from many
// goroutines at once, each with its own Run.
type Compiled interface {
	// Run executes the program on r until it exits (tail false, r0 is the
	// result) or makes a successful tail call (tail true: the caller then
	// starts the target on the same Run).
	Run(r Run) (r0 uint64, tail bool, err error)
	Close() error
}

// Run is one execution as an engine sees it.
type Run interface {
	// Reg is register i (0..10) as the run starts.
	Reg(i int) uint64
	// Packet is the packet LD_ABS/LD_IND read (nil without one); its length
	// does not change during a run.
	Packet() []byte
	// Call runs helper id at instruction pc with r1-r5 in args and the
	// current r0; it returns the new r0. tail reports a successful tail
	// call, after which the engine must return at once.
	Call(pc int, id int32, args [5]uint64, r0 uint64) (ret uint64, tail bool, err error)
	// Check validates a checked-mode access of n bytes at addr by
	// instruction pc: it marks stack bytes written and refuses reads of
	// uninitialised stack and every access outside the run's memory.
	Check(pc int, addr uint64, n int, write bool) error
	// Regions are the memory the run owns that engines may check inline;
	// anything else goes through Check.
	Regions() Regions
	// RandState is the state of the run's default random numbers
	// (InlineHelpers.Rand), which stays put for the run.
	RandState() *uint64
}

// Regions is the memory of one run that checked code may touch without
// asking Check: the stack with its shadow of written bytes, and the
// context buffer. They do not move or change during a run.
type Regions struct {
	Stack []byte // MaxFrames*FrameSize bytes; r10 starts at its end
	Init  []bool // Init[i]: Stack[i] was written (checked mode only)
	Ctx   []byte // the context buffer r1 points at (nil for none)
	CtxRO bool   // the context may not be written
}

// RunError is a fault found in checked mode, or a limit a run reached.
type RunError struct {
	PC  int
	Msg string
}

func (e *RunError) Error() string { return fmt.Sprintf("insn %d: %s", e.PC, e.Msg) }

// Errors every engine reports with the same words.

// BudgetError reports a checked run that took more jumps than its budget.
func BudgetError(pc int, budget uint64) error {
	return &RunError{PC: pc, Msg: fmt.Sprintf("budget of %d jumps exhausted", budget)}
}

// DepthError reports a local call past MaxFrames frames.
func DepthError(pc int) error {
	return &RunError{PC: pc, Msg: fmt.Sprintf("call depth over %d frames", MaxFrames)}
}

// JumpOutError reports control leaving the program.
func JumpOutError(pc int) error { return &RunError{PC: pc, Msg: "jump out of the program"} }

// BadOpcodeError reports control reaching a slot that is no instruction
// (the second half of a LD_IMM64 reads as opcode 0xff).
func BadOpcodeError(pc int, op uint8) error {
	return &RunError{PC: pc, Msg: fmt.Sprintf("cannot execute opcode 0x%02x", op)}
}
