package exec

import "github.com/bpfcheck/bpfcheck/ir"

// Engine compiles programs to another form of execution (the x86-64 JIT).
// Options.Engine selects one; nil means the interpreter.
type Engine interface {
	Name() string
	Compile(p *Program) (Compiled, error)
}

// Compiled is a program an Engine prepared. Run executes it on r's
// registers, stack and context until it exits (tail=false, r0 is the
// result) or makes a successful tail call (tail=true: Run then starts the
// target). It must give exactly the interpreter's results.
type Compiled interface {
	Run(r *Run) (r0 uint64, tail bool, err error)
	Close() error
}

// Instructions returns the program's slots (read-only).
func (p *Program) Instructions() []ir.Instruction { return p.insns }

// MapHandle is the value a map load of map i puts in its register.
func MapHandle(i int) uint64 { return mapHandleBase + uint64(i) }

// Budget is the instruction budget of a checked program.
func (p *Program) Budget() uint64 { return p.opts.Budget }

// Close releases what an engine allocated for the program (JIT code).
func (p *Program) Close() error {
	if p.compiled != nil {
		return p.compiled.Close()
	}
	return nil
}

// Reg returns register i of the run (0..10).
func (r *Run) Reg(i int) uint64 { return r.regs[i] }

// Check validates a checked-mode access of n bytes at addr, as the
// interpreter does (marking stack bytes written, refusing uninitialised
// reads); pc names the instruction in errors.
func (r *Run) Check(pc int, addr uint64, n int, write bool) error {
	return r.check(pc, addr, n, write)
}

// LoadPacket is LD_ABS/LD_IND: n bytes of the packet at off in network byte
// order; ok is false when out of bounds (the program then returns 0).
func (r *Run) LoadPacket(off int64, n int) (uint64, bool) { return r.loadPacket(off, n) }

// Frames returns the stack geometry engines must use: frame size and the
// most frames (program plus local calls).
func Frames() (size, max int) { return frameSize, maxFrames }

// Program returns the program being run (after tail calls, the current one).
func (r *Run) Program() *Program { return r.prog }

// Compiled returns what the engine compiled, or nil for the interpreter.
func (p *Program) Compiled() Compiled { return p.compiled }

// Packet returns the packet LD_ABS/LD_IND read (nil without an __sk_buff
// context). Engines may read it directly; its length does not change
// during a run.
func (r *Run) Packet() []byte {
	if r.skb == nil {
		return nil
	}
	return r.skb.Packet
}
