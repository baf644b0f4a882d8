package jit

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"sync"
	"syscall"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/internal/engine"
)

// nativeStackSize is the machine stack generated code runs on: return
// addresses and saved registers of local calls only (BPF stack frames live
// in the run's memory).
const nativeStackSize = 16 << 10

// block is the per-run state the generated code addresses through r12.
// Its layout is fixed: the offsets are constants in compile_amd64.go and
// entry_amd64.s. It lives on the Go heap, which does not move objects.
type block struct {
	goSP, goBP, gSave, r15Save uint64 // 0..31
	nativeSP                   uint64 // 32
	reason                     uint32 // 40
	arg                        uint32 // 44
	addr                       uint64 // 48
	size                       uint32 // 56
	write                      uint32 // 60
	budget                     int64  // 64
	depth                      int64  // 72
	regs                       [11]uint64
	pkt, pktLen                uint64 // 168, 176: the packet LD_ABS/LD_IND read
	stackLo, initBase          uint64 // 184, 192: the run's stack and its shadow of written bytes
	ctxNeg, ctxLen, ctxWLen    uint64 // 200, 208, 216: minus the context's address (r9 in checked code); ctxWLen 0 when read-only
	rand                       uint64 // 224: the run's random state (Run.RandState)
	// from 232: per access size n, an access at the context's address + off reads (writes)
	// the context when off < ctxRd[n] (ctxWr[n]): 0 when none fits.
	ctxRd, ctxWr [maxSpan + 1]uint64
	stack        [nativeStackSize]byte
}

func init() {
	var b block
	if unsafe.Offsetof(b.regs) != blockRegs || unsafe.Offsetof(b.budget) != blockBudget || unsafe.Offsetof(b.nativeSP) != blockNatSP ||
		unsafe.Offsetof(b.pkt) != blockPkt || unsafe.Offsetof(b.pktLen) != blockPktLen ||
		unsafe.Offsetof(b.stackLo) != blockStackLo || unsafe.Offsetof(b.initBase) != blockInit ||
		unsafe.Offsetof(b.ctxNeg) != blockCtxNeg || unsafe.Offsetof(b.ctxLen) != blockCtxLen || unsafe.Offsetof(b.ctxWLen) != blockCtxWLen ||
		unsafe.Offsetof(b.rand) != blockRand || unsafe.Offsetof(b.ctxRd) != blockCtxRd || unsafe.Offsetof(b.ctxWr) != blockCtxWr {
		panic("jit: block layout does not match the generated code")
	}
}

// enter runs generated code on b until it exits to Go (entry_amd64.s).
//
//go:noescape
func enter(b *block)

// Supported reports whether this build can run the JIT.
func Supported() bool { return runtime.GOOS == "linux" }

type jitEngine struct{}

// Engine returns the x86-64 JIT engine for exec.Options.Engine.
func Engine() engine.Engine { return jitEngine{} }

func (jitEngine) Name() string { return "jit" }

// program is compiled code in read-execute memory.
type program struct {
	mem      []byte
	prologue uintptr
	blocks   sync.Pool
	checked  bool
	jumps    uint64 // the budget in jumps (checked mode)
	budget   int64  // the generated code's budget counter at entry
	sizes    uint64 // bit n: the code tests the context for n bytes
	rand     bool   // the code reads the run's random state
	closed   bool
	mu       sync.Mutex
}

// budgetCounter is the counter the generated code decrements at each jump
// and stops at when it goes negative: an Unlimited budget (or any beyond
// what a run could spend) starts at the largest int64.
func budgetCounter(jumps uint64) int64 {
	if jumps > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(jumps)
}

// Compile translates p to machine code, maps it read-write, copies it in,
// then makes it read-execute; it is never writable and executable at once.
func (jitEngine) Compile(p *engine.Program) (engine.Compiled, error) {
	if !Supported() {
		return nil, errors.New("the JIT needs linux/amd64")
	}
	code, prologue, sizes, err := compileProgram(p)
	if err != nil {
		return nil, err
	}
	mem, err := mapCode(code)
	if err != nil {
		return nil, err
	}
	prog := &program{mem: mem, prologue: uintptr(unsafe.Pointer(&mem[0])) + uintptr(prologue), checked: p.Checked, jumps: p.Budget, budget: budgetCounter(p.Budget), sizes: sizes, rand: p.Inline != nil && p.Inline.Rand}
	prog.blocks.New = func() any { return new(block) }
	runtime.SetFinalizer(prog, func(p *program) { p.Close() })
	return prog, nil
}

// mapCode returns read-execute memory holding code.
func mapCode(code []byte) ([]byte, error) {
	size := (len(code) + 4095) &^ 4095
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, fmt.Errorf("mapping code memory: %w", err)
	}
	copy(mem, code)
	if err := syscall.Mprotect(mem, syscall.PROT_READ|syscall.PROT_EXEC); err != nil {
		syscall.Munmap(mem)
		return nil, fmt.Errorf("making code executable: %w", err)
	}
	return mem, nil
}

// Close unmaps the code. Runs must have finished.
func (p *program) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	runtime.SetFinalizer(p, nil)
	return syscall.Munmap(p.mem)
}

// Run executes the code on r's registers, exiting to Go for helpers,
// packet loads and (in checked mode) memory checks.
func (p *program) Run(r engine.Run) (uint64, bool, error) {
	b := p.blocks.Get().(*block)
	defer p.blocks.Put(b)
	for i := range b.regs {
		b.regs[i] = r.Reg(i)
	}
	b.depth = 0
	b.budget = p.budget
	b.pkt, b.pktLen = 0, 0
	if p.rand {
		b.rand = uint64(uintptr(unsafe.Pointer(r.RandState())))
	}
	if pkt := r.Packet(); len(pkt) > 0 {
		b.pkt, b.pktLen = uint64(uintptr(unsafe.Pointer(&pkt[0]))), uint64(len(pkt))
	}
	if p.checked {
		m := r.Regions()
		b.stackLo, b.initBase = uint64(uintptr(unsafe.Pointer(&m.Stack[0]))), uint64(uintptr(unsafe.Pointer(&m.Init[0])))
		if b.initBase-b.stackLo != engine.ShadowOffset {
			return 0, false, errors.New("jit: the run's stack shadow is not at engine.ShadowOffset")
		}
		b.ctxNeg, b.ctxLen, b.ctxWLen = 0, 0, 0
		if len(m.Ctx) > 0 {
			b.ctxNeg, b.ctxLen = -uint64(uintptr(unsafe.Pointer(&m.Ctx[0]))), uint64(len(m.Ctx))
			if !m.CtxRO {
				b.ctxWLen = b.ctxLen
			}
		}
		for sizes := p.sizes; sizes != 0; sizes &= sizes - 1 {
			n := uint64(bits.TrailingZeros64(sizes))
			b.ctxRd[n], b.ctxWr[n] = 0, 0
			if b.ctxLen >= n {
				b.ctxRd[n] = b.ctxLen - n + 1
			}
			if b.ctxWLen >= n {
				b.ctxWr[n] = b.ctxWLen - n + 1
			}
		}
	}
	top := uintptr(unsafe.Pointer(&b.stack[0])) + nativeStackSize - 16
	*(*uintptr)(unsafe.Pointer(&b.stack[nativeStackSize-16])) = p.prologue
	b.nativeSP = uint64(top)
	for {
		enter(b)
		pc := int(int32(b.arg))
		switch b.reason {
		case exitDone:
			return b.regs[0], false, nil
		case exitHelper, exitCallX:
			ret, tail, err := r.Call(pc, int32(b.addr), [5]uint64{b.regs[1], b.regs[2], b.regs[3], b.regs[4], b.regs[5]}, b.regs[0])
			if err != nil || tail {
				return 0, tail, err
			}
			b.regs[0] = ret
		case exitCheck:
			if err := r.Check(pc, b.addr, int(b.size), b.write != 0); err != nil {
				return 0, false, err
			}
		case exitPacketOOB:
			return 0, false, nil // the kernel ends the program with 0
		case exitBudget:
			return 0, false, engine.BudgetError(pc, p.jumps)
		case exitDepth:
			return 0, false, engine.DepthError(pc)
		case exitBadInsn:
			return 0, false, engine.BadOpcodeError(pc, 0xff)
		case exitJumpOut:
			return 0, false, engine.JumpOutError(pc)
		default:
			return 0, false, fmt.Errorf("jit: unknown exit reason %d", b.reason)
		}
	}
}
