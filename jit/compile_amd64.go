package jit

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/ir"
)

// regMap assigns BPF registers r0..r10 to x86-64 registers. r0 is rax (so
// cmpxchg's implicit operand is r0); r10 is rbp. r10 is scratch; r9 is
// scratch in verified code and holds minus the context's address in
// checked code (ctxReg); r11 counts down the budget (checked mode) and r12
// points at the run's block.
var regMap = [11]int{rax, rdi, rsi, rdx, rcx, r8, rbx, r13, r14, r15, rbp}

// Exit reasons the generated code reports to Go.
const (
	exitDone      = 1 // the program returned; r0 holds the result
	exitHelper    = 2 // call helper arg (pc in addr)
	exitCheck     = 3 // checked mode: validate addr/size/write for insn arg
	exitPacketOOB = 4 // LD_ABS/LD_IND out of the packet: the program returns 0
	exitBudget    = 5 // checked mode: instruction budget exhausted at insn arg
	exitDepth     = 6 // too many nested local calls at insn arg
	exitBadInsn   = 7 // control reached a slot that is no instruction (insn arg)
	exitCallX     = 8 // callx: helper id in addr, insn arg
	exitJumpOut   = 9 // checked mode: a jump left the program
	blockRegs     = 80
	blockReason   = 40
	blockArg      = 44
	blockAddr     = 48
	blockSize     = 56
	blockWrite    = 60
	blockBudget   = 64
	blockDepth    = 72
	blockNatSP    = 32
	blockGoSP     = 0
	blockGoBP     = 8
	blockGSave    = 16
	blockR15Save  = 24
	blockPkt      = 168
	blockPktLen   = 176
	blockStackLo  = 184
	blockInit     = 192
	blockCtxNeg   = 200 // minus the context's address, which ctxReg holds
	blockCtxLen   = 208
	blockCtxWLen  = 216
	blockRand     = 224 // the address of the run's random state (inline get_prandom_u32)
	blockCtxRd    = 232 // [maxSpan+1]uint64: the context's read limit per access size
	blockCtxWr    = blockCtxRd + 8*(maxSpan+1)
)

// maxSpan is the widest range one inline context test covers: one access,
// or a group of accesses through one base register (group).
const maxSpan = 32

// budgetReg holds the budget counter in checked code; the exit routine
// saves it in the block and enter reloads it.
const budgetReg = r11

// ctxReg holds minus the context's address in checked code, so that one
// lea gives an access's offset into the context. enter loads it; code that
// uses r9 as scratch reloads it after (keepCtx).
const ctxReg = r9

// keepCtx reloads ctxReg after code that used r9 as scratch (checked code).
func (c *compiler) keepCtx() {
	if c.checked {
		c.a.load(ctxReg, r12, blockCtxNeg, 8, false)
	}
}

// compiler turns one program into machine code.
type compiler struct {
	a       asm
	insns   []ir.Instruction
	checked bool
	offset  []int // insn -> code offset
	fixups  []fixup
	exitAt  int // offset of the exit routine
	// fixed: r10 is always the frame pointer (engine.FixedFrame).
	fixed bool
	// cold code, emitted after the program: slow paths of checks, faults.
	cold []func()
	// outside: jumps to targets outside the program, by target.
	outside map[int][]int
	// sizes: bit s is set when the code tests the context for s bytes
	// (Run fills in only those limits).
	sizes uint64
	// unchecked: emitting a group's fast path, whose accesses through
	// uncheckedBase (an x86 register) one test covered; every other
	// access in it (the stack, another pointer) is checked as anywhere.
	unchecked     bool
	uncheckedBase int
	targets       []bool // insn is a jump target
	arrays        []engine.ArrayMap
	inline        *engine.InlineHelpers
	r1map         []int // the map r1 holds for sure at each instruction, or -1
}

type fixup struct {
	at, insn int // rel32 at at targets insn
}

func compileProgram(p *engine.Program) ([]byte, int, uint64, error) {
	insns := p.Insns
	c := &compiler{insns: insns, checked: p.Checked, offset: make([]int, len(insns)+1), fixed: engine.FixedFrame(insns), outside: map[int][]int{}}
	c.targets = jumpTargets(insns)
	c.arrays, c.inline = p.Arrays, p.Inline
	c.r1map = r1Maps(insns, c.targets)
	c.emitExitRoutine()
	// The prologue: the native stack's first return address points here.
	prologue := c.a.pos()
	c.fixups = append(c.fixups, fixup{c.a.call(), 0})
	c.setExit(exitDone, 0)
	c.callExit()
	c.a.byte1(0x0f, 0x0b) // ud2: never resumed
	var halves []int      // second slots of LD_IMM64: no instruction of their own
	heads := loopHeads(insns)
	for i := 0; i < len(insns); i++ {
		if heads[i] {
			c.a.align(loopAlign)
		}
		c.offset[i] = c.a.pos()
		if last, lo, hi, write := c.group(i); last > i {
			if err := c.emitGroup(i, last, lo, hi, write); err != nil {
				return nil, 0, 0, err
			}
			i = last
			continue
		}
		if n := c.fused(i); n > 0 {
			for k := i + 1; k < i+n; k++ {
				c.offset[k] = c.a.pos() // no jump leads there
			}
			i += n - 1
			continue
		}
		if err := c.insn(i); err != nil {
			return nil, 0, 0, fmt.Errorf("insn %d: %w", i, err)
		}
		if insns[i].Opcode.IsLoadImm64() {
			i++
			halves = append(halves, i)
		}
	}
	c.offset[len(insns)] = c.a.pos()
	c.fault(exitJumpOut, len(insns))
	for _, h := range halves {
		c.offset[h] = c.a.pos()
		c.fault(exitBadInsn, h)
	}
	for i := 0; i < len(c.cold); i++ {
		c.cold[i]()
	}
	for _, f := range c.fixups {
		if f.insn < 0 || f.insn > len(insns) {
			c.outside[f.insn] = append(c.outside[f.insn], f.at)
			continue
		}
		c.a.patch(f.at, c.offset[f.insn])
	}
	// Jumps out of the program fault at run time, naming the target, as
	// in the interpreter.
	for t, ats := range c.outside {
		for _, at := range ats {
			c.a.patch(at, c.a.pos())
		}
		c.fault(exitJumpOut, t)
	}
	return c.a.b, prologue, c.sizes, nil
}

// fused compiles a pair of instructions starting at i as one x86 operation
// when the second is no jump target, and returns 2; it returns 0 (having
// emitted nothing) for any other pair:
//   - rd = rs; rd += rt (or += imm) in one width: lea rd, [rs+rt] (or
//     [rs+imm]), one instruction instead of two;
//   - if cond goto +1; goto T with T backward (a loop's exit test before
//     its back edge): if !cond goto T, with no taken branch when cond
//     holds; checked code charges the budget at the goto, as the
//     interpreter does, in cold code. Forward pairs are left alone (fused,
//     the switch kernel's checked code ran 2x slower before loop heads
//     were aligned; not measured since).
func (c *compiler) fused(i int) int {
	if i+1 >= len(c.insns) || c.targets[i+1] {
		return 0
	}
	a := &c.a
	x, y := c.insns[i], c.insns[i+1]
	xo, yo := x.Opcode, y.Opcode
	if xo.Class().IsALU() && xo.Class() == yo.Class() && xo.ALUOp() == ir.ALUMov && xo.Source() == ir.SourceX && x.Off == 0 &&
		yo.ALUOp() == ir.ALUAdd && y.Dst == x.Dst && x.Dst <= 10 && x.Src <= 10 && x.Dst != x.Src {
		w := xo.Class() == ir.ClassALU64
		dst, src := regMap[x.Dst], regMap[x.Src]
		if yo.Source() == ir.SourceK {
			a.leaDisp(w, dst, src, y.Imm)
			return 2
		}
		if y.Src > 10 {
			return 0
		}
		t := regMap[y.Src]
		if y.Src == x.Dst {
			t = src // rd += rd after rd = rs
		}
		a.leaSum(w, dst, src, t)
		return 2
	}
	jop := xo.JumpOp()
	cc, ok := condCode[jop]
	if !xo.Class().IsJump() || !ok || x.Off != 1 || yo.Class() != ir.ClassJMP || yo.JumpOp() != ir.JumpJA {
		return 0
	}
	if x.Dst > 10 || (xo.Source() == ir.SourceX && x.Src > 10) {
		return 0
	}
	t := i + 2 + int(y.Off)
	if t > i+1 {
		return 0
	}
	c.compare(x)
	if !c.checked {
		c.jumpTo(cc^1, t)
		return 2
	}
	at := a.jcc(cc ^ 1)
	c.later(func() {
		a.patch(at, a.pos())
		c.tickJump(i+1, t)
	})
	return 2
}

// r1Maps finds, for each instruction, the map a LD_IMM64 earlier in its
// basic block left in r1 (-1 if none or unknown).
func r1Maps(insns []ir.Instruction, targets []bool) []int {
	out := make([]int, len(insns))
	known := -1
	for i := 0; i < len(insns); i++ {
		if targets[i] {
			known = -1
		}
		out[i] = known
		ins := insns[i]
		switch c := ins.Opcode.Class(); {
		case ins.Opcode.IsLoadImm64():
			known = -1
			if ins.Dst == ir.R1 && ins.Src == ir.PseudoMapFD {
				known = int(ins.Imm)
			}
			if i+1 < len(insns) {
				i++
				out[i] = -1
			}
		case c.IsJump() && ins.Opcode.JumpOp() == ir.JumpCall, c.IsJump() && ins.Opcode.JumpOp() == ir.JumpExit:
			known = -1
		case c.IsALU(), c == ir.ClassLDX:
			if ins.Dst == ir.R1 {
				known = -1
			}
		case c == ir.ClassSTX && ins.Opcode.Mode() == ir.ModeATOMIC:
			if ins.Src == ir.R1 || ins.Dst == ir.R1 {
				known = -1
			}
		}
	}
	return out
}

// loopAlign is the alignment of loop heads (the targets of backward
// jumps) in the code, nops before them: unaligned, the switch kernel's
// checked code ran 2-3x slower or not depending on where its loop head
// fell (a nop more or less elsewhere moved it), a front-end or branch
// prediction effect; 32 measured the best of 0, 16, 32 and 64.
const loopAlign = 32

// loopHeads marks the targets of backward jumps (to the jump itself or an
// earlier instruction).
func loopHeads(insns []ir.Instruction) []bool {
	h := make([]bool, len(insns)+1)
	for i, ins := range insns {
		c, op := ins.Opcode.Class(), ins.Opcode.JumpOp()
		if !c.IsJump() || op == ir.JumpExit || op == ir.JumpCall {
			continue
		}
		t := i + 1 + int(ins.Off)
		if op == ir.JumpJA && c == ir.ClassJMP32 {
			t = i + 1 + int(ins.Imm)
		}
		if t >= 0 && t <= i {
			h[t] = true
		}
	}
	return h
}

// jumpTargets marks the instructions jumps and local calls lead to.
func jumpTargets(insns []ir.Instruction) []bool {
	t := make([]bool, len(insns)+1)
	mark := func(i int) {
		if i >= 0 && i < len(t) {
			t[i] = true
		}
	}
	for i, ins := range insns {
		c, op := ins.Opcode.Class(), ins.Opcode.JumpOp()
		switch {
		case !c.IsJump() || op == ir.JumpExit || (op == ir.JumpCall && ins.Src != ir.CallLocal):
		case op == ir.JumpCall:
			mark(i + 1 + int(ins.Imm))
		case op == ir.JumpJA && c == ir.ClassJMP32:
			mark(i + 1 + int(ins.Imm))
		default:
			mark(i + 1 + int(ins.Off))
		}
	}
	return t
}

// access reports the base register, offset, size and direction of a
// plain load or store (ok false for anything else).
func access(ins ir.Instruction) (base ir.Register, off int16, n int, write, ok bool) {
	op := ins.Opcode
	switch c := op.Class(); {
	case c == ir.ClassLDX:
		return ins.Src, ins.Off, op.Size().Bytes(), false, true
	case c == ir.ClassST && op.Mode() == ir.ModeMEM, c == ir.ClassSTX && op.Mode() == ir.ModeMEM:
		return ins.Dst, ins.Off, op.Size().Bytes(), true, true
	}
	return 0, 0, 0, false, false
}

// group finds, in checked code, a run of instructions from i to last
// with two or more accesses through one base register (not r10) that
// nothing in between changes, no jump target after i and no jump but
// conditional ones (the group goes on where they fall through; where they
// jump, the rest of it does not run), no call or other exit: one inline
// test of the whole range [base+lo, base+hi) against the context then
// covers them all (bubble sort's two loads and, after its compare, two
// stores). last is i when there is none.
func (c *compiler) group(i int) (last int, lo, hi int, write bool) {
	base, off, n, w, ok := access(c.insns[i])
	if !c.checked || !ok || base == ir.R10 {
		return i, 0, 0, false
	}
	lo, hi, write, last = int(off), int(off)+n, w, i
	if c.insns[i].Opcode.Class() == ir.ClassLDX && c.insns[i].Dst == base {
		return i, 0, 0, false
	}
	for j := i + 1; j < len(c.insns) && !c.targets[j]; j++ {
		ins := c.insns[j]
		cl := ins.Opcode.Class()
		if _, cond := condCode[ins.Opcode.JumpOp()]; cl.IsJump() && cond {
			continue // the group goes on where it falls through
		}
		if cl.IsJump() || cl == ir.ClassLD || (cl == ir.ClassSTX && ins.Opcode.Mode() != ir.ModeMEM) {
			break
		}
		if b, o, m, w2, ok := access(ins); ok && b == base {
			l, h := min(lo, int(o)), max(hi, int(o)+m)
			if h-l > maxSpan {
				break
			}
			lo, hi, write, last = l, h, write || w2, j
			if cl == ir.ClassLDX && ins.Dst == base {
				break // the last access of the group changes the base
			}
			continue
		}
		if (cl.IsALU() || cl == ir.ClassLDX) && ins.Dst == base {
			break
		}
	}
	return last, lo, hi, write
}

// emitGroup compiles the group from i to last: one test of its range
// against the context, then its instructions without checks; when the
// test fails, the cold copy of them checks each access on its own, so
// faults and what ran before them are exactly those of the interpreter.
func (c *compiler) emitGroup(i, last, lo, hi int, write bool) error {
	a := &c.a
	b, _, _, _, _ := access(c.insns[i])
	slow := c.ctxRange(regMap[b], int32(lo), hi-lo, write)
	c.unchecked, c.uncheckedBase = true, regMap[b]
	for k := i; k <= last; k++ {
		if k > i {
			c.offset[k] = a.pos() // no jump leads here
		}
		if err := c.insn(k); err != nil {
			c.unchecked = false
			return fmt.Errorf("insn %d: %w", k, err)
		}
	}
	c.unchecked = false
	resume := a.pos()
	c.later(func() {
		a.patch(slow, a.pos())
		for k := i; k <= last; k++ {
			c.insn(k) // compiled above already
		}
		a.patch(a.jmp(), resume)
	})
	return nil
}

// emitExitRoutine saves the BPF registers and the native stack pointer and
// returns to Go on the Go stack. Resuming (enter) reloads the registers and
// the native stack and returns to the instruction after the call.
func (c *compiler) emitExitRoutine() {
	a := &c.a
	c.exitAt = a.pos()
	for i, r := range regMap {
		a.store(r12, int32(blockRegs+8*i), r, 8)
	}
	a.store(r12, blockBudget, budgetReg, 8)
	a.store(r12, blockNatSP, rsp, 8)
	a.load(rsp, r12, blockGoSP, 8, false)
	a.load(rbp, r12, blockGoBP, 8, false)
	a.load(r14, r12, blockGSave, 8, false)
	a.load(r15, r12, blockR15Save, 8, false)
	a.ret()
}

func (c *compiler) setExit(reason, insn int) {
	c.a.storeImm(r12, blockReason, int32(reason), 4)
	c.a.storeImm(r12, blockArg, int32(insn), 4)
}

func (c *compiler) callExit() {
	at := c.a.call()
	c.a.patch(at, c.exitAt)
}

// fault reports reason at insn; the run ends there.
func (c *compiler) fault(reason, insn int) {
	c.setExit(reason, insn)
	c.callExit()
	c.a.byte1(0x0f, 0x0b)
}

// later emits f in the cold code after the program.
func (c *compiler) later(f func()) { c.cold = append(c.cold, f) }

// coldFault emits a jump to a cold fault reporting reason at insn.
func (c *compiler) coldFault(cc byte, reason, insn int) {
	var at int
	if cc == 0 {
		at = c.a.jmp()
	} else {
		at = c.a.jcc(cc)
	}
	c.later(func() {
		c.a.patch(at, c.a.pos())
		c.fault(reason, insn)
	})
}

// tick charges the budget in checked mode (backward jumps and local
// calls): a decrement of the counter register, which faults below 0.
func (c *compiler) tick(i int) {
	if !c.checked {
		return
	}
	c.a.group(true, 0xff, 1, budgetReg) // dec r11
	c.coldFault(0x88, exitBudget, i)    // js
}

// tickJump is a counted jump to insn t: decrement and branch.
func (c *compiler) tickJump(i, t int) {
	c.a.group(true, 0xff, 1, budgetReg) // dec r11
	c.jumpTo(0x89, t)                   // jns target
	c.coldFault(0, exitBudget, i)
}

// check validates an access in checked mode. Accesses to the stack and
// the context are checked inline, the likelier region first (the stack
// for r10, the context or plain memory for any other base), with every
// slow path in cold code: for the stack the shadow bytes (a read needs
// every byte written, a write marks them), for the context one unsigned
// compare of the offset against the run's limit for the access size.
// Anything else, and every fault, goes to Go (Run.Check), which accepts
// map values and reports faults with the interpreter's words. In a
// program that never writes r10 an access inside r10's frame only tests
// (or marks) its shadow, at engine.ShadowOffset past the access. Only r10
// is scratch here.
func (c *compiler) check(i int, base int, off int16, n int, write bool) {
	if !c.checked || (c.unchecked && base == c.uncheckedBase) {
		return
	}
	a := &c.a
	if base == regMap[10] && c.fixed && int(off) >= -engine.FrameSize && int(off)+n <= 0 {
		disp := int32(off) + engine.ShadowOffset
		if write {
			c.markShadow(base, disp, n)
			return
		}
		c.cmpShadow(base, disp, n)
		at := a.jcc(0x85) // jne: an unwritten byte
		resume := a.pos()
		c.later(func() {
			a.patch(at, a.pos())
			c.exitCheck(i, base, off, n, write)
			a.patch(a.jmp(), resume)
		})
		return
	}
	var slow []int
	if base == regMap[10] {
		slow = c.stackTest(base, off, n, write)
	} else {
		slow = []int{c.ctxRange(base, int32(off), n, write)}
	}
	resume := a.pos()
	c.later(func() {
		for _, s := range slow {
			a.patch(s, a.pos())
		}
		var again []int
		if base == regMap[10] {
			again = []int{c.ctxRange(base, int32(off), n, write)}
		} else {
			again = c.stackTest(base, off, n, write)
		}
		a.patch(a.jmp(), resume)
		for _, s := range again {
			a.patch(s, a.pos())
		}
		c.exitCheck(i, base, off, n, write)
		a.patch(a.jmp(), resume)
	})
}

// exitCheck asks Go to check the access at [base+off] (Run.Check marks
// stack bytes written, accepts map values, and reports faults).
func (c *compiler) exitCheck(i, base int, off int16, n int, write bool) {
	a := &c.a
	a.lea(r10, base, int32(off))
	a.store(r12, blockAddr, r10, 8)
	a.storeImm(r12, blockSize, int32(n), 4)
	w := int32(0)
	if write {
		w = 1
	}
	a.storeImm(r12, blockWrite, w, 4)
	c.setExit(exitCheck, i)
	c.callExit()
}

// cmpShadow compares the n shadow bytes at [base+disp] with all-written.
func (c *compiler) cmpShadow(base int, disp int32, n int) {
	a := &c.a
	switch n {
	case 1:
		a.opRM(false, []byte{0x80}, 7, base, disp, false)
		a.byte1(1)
	case 2:
		a.byte1(0x66)
		a.opRM(false, []byte{0x81}, 7, base, disp, false)
		a.b = append(a.b, 1, 1)
	case 4:
		a.opRM(false, []byte{0x81}, 7, base, disp, false)
		a.imm32(0x01010101)
	default:
		a.movImm(r10, 0x0101010101010101)
		a.opRM(true, []byte{0x39}, r10, base, disp, false) // cmp [m], r10
	}
}

// markShadow marks the n shadow bytes at [base+disp] written.
func (c *compiler) markShadow(base int, disp int32, n int) {
	a := &c.a
	switch n {
	case 1:
		a.storeImm(base, disp, 1, 1)
	case 2:
		a.storeImm(base, disp, 0x0101, 2)
	case 4:
		a.storeImm(base, disp, 0x01010101, 4)
	default:
		a.movImm(r10, 0x0101010101010101)
		a.store(base, disp, r10, 8)
	}
}

// stackTest emits the inline stack check of the access at [base+off]:
// inside the stack and fine it falls through (having marked a write's
// bytes); otherwise it jumps to one of the returned rel32s.
func (c *compiler) stackTest(base int, off int16, n int, write bool) []int {
	a := &c.a
	// r10 = addr - stackLo, unsigned, at most size - n.
	a.lea(r10, base, int32(off))
	a.opRM(true, []byte{0x2b}, r10, r12, blockStackLo, false) // sub r10, [r12+stackLo]
	a.aluRI(true, 7, r10, int32(engine.MaxFrames*engine.FrameSize-n))
	out := []int{a.jcc(0x87)} // ja
	disp := int32(off) + engine.ShadowOffset
	if write {
		c.markShadow(base, disp, n)
		return out
	}
	c.cmpShadow(base, disp, n)
	return append(out, a.jcc(0x85)) // jne: an unwritten byte
}

// ctxRange tests that the n bytes at [base+off] lie in the context: it
// falls through if so and otherwise jumps to the returned rel32.
func (c *compiler) ctxRange(base int, off int32, n int, write bool) int {
	a := &c.a
	limit := int32(blockCtxRd)
	if write {
		limit = blockCtxWr
	}
	limit += int32(8 * n)
	c.sizes |= 1 << n
	// r10 = addr - the context's address < the limit for n bytes (0 when
	// none fit).
	a.leaIndex(r10, base, ctxReg, off)
	a.opRM(true, []byte{0x3b}, r10, r12, limit, false) // cmp r10, [r12+limit]
	return a.jcc(0x83)                                 // jae: not in the context
}

func (c *compiler) jumpTo(cc byte, insn int) {
	var at int
	if cc == 0 {
		at = c.a.jmp()
	} else {
		at = c.a.jcc(cc)
	}
	c.fixups = append(c.fixups, fixup{at, insn})
}

// insn compiles instruction i.
func (c *compiler) insn(i int) error {
	// x86-64 loads have acquire and stores release semantics (TSO), as the
	// kernel's JIT relies on: load-acquire and store-release are plain.
	ins := c.insns[i].PlainAccess()
	op := ins.Opcode
	switch op.Class() {
	case ir.ClassALU, ir.ClassALU64:
		return c.alu(i, ins)
	case ir.ClassJMP, ir.ClassJMP32:
		return c.jump(i, ins)
	case ir.ClassLDX:
		if ins.Dst > 10 || ins.Src > 10 {
			return fmt.Errorf("invalid register")
		}
		n := op.Size().Bytes()
		c.check(i, regMap[ins.Src], ins.Off, n, false)
		c.a.load(regMap[ins.Dst], regMap[ins.Src], int32(ins.Off), n, op.Mode() == ir.ModeMEMSX)
		return nil
	case ir.ClassST:
		if ins.Dst > 10 || op.Mode() != ir.ModeMEM {
			return fmt.Errorf("unsupported store")
		}
		n := op.Size().Bytes()
		c.check(i, regMap[ins.Dst], ins.Off, n, true)
		c.a.storeImm(regMap[ins.Dst], int32(ins.Off), ins.Imm, n)
		return nil
	case ir.ClassSTX:
		if ins.Dst > 10 || ins.Src > 10 {
			return fmt.Errorf("invalid register")
		}
		n := op.Size().Bytes()
		if op.Mode() == ir.ModeATOMIC {
			c.check(i, regMap[ins.Dst], ins.Off, n, false)
			c.check(i, regMap[ins.Dst], ins.Off, n, true)
			return c.atomic(ins, n == 8)
		}
		c.check(i, regMap[ins.Dst], ins.Off, n, true)
		c.a.store(regMap[ins.Dst], int32(ins.Off), regMap[ins.Src], n)
		return nil
	case ir.ClassLD:
		switch op.Mode() {
		case ir.ModeIMM:
			if ins.Dst > 10 || i+1 >= len(c.insns) {
				return fmt.Errorf("invalid ld_imm64")
			}
			v := ir.Constant64(ins, c.insns[i+1])
			switch ins.Src {
			case ir.PseudoNone:
			case ir.PseudoMapFD:
				v = engine.MapHandle(int(ins.Imm))
			default:
				return fmt.Errorf("unsupported ld_imm64 kind %d", ins.Src)
			}
			c.a.movImm(regMap[ins.Dst], v)
			return nil
		case ir.ModeABS, ir.ModeIND:
			ind, src := op.Mode() == ir.ModeIND, 0
			if ind {
				if ins.Src > 10 {
					return fmt.Errorf("invalid register")
				}
				src = regMap[ins.Src]
			}
			c.packetLoad(i, ind, src, ins.Imm, op.Size().Bytes())
			return nil
		}
	}
	return fmt.Errorf("cannot compile opcode 0x%02x", uint8(op))
}

// packetLoad is LD_ABS/LD_IND inline: n bytes of the packet at imm (plus
// the source register, sign-extended from 32 bits) in network byte order
// into r0; out of bounds ends the program with r0 = 0.
func (c *compiler) packetLoad(i int, ind bool, src int, imm int32, n int) {
	a := &c.a
	a.movImm(r9, uint64(int64(imm)))
	if ind {
		a.opRR(true, []byte{0x63}, r10, src) // movsxd r10, src32
		a.aluRR(true, 0x01, r9, r10)
	}
	a.opRR(true, []byte{0x85}, r9, r9) // test r9, r9
	neg := a.jcc(0x88)                 // js
	a.movRR(true, r10, r9)
	a.aluRI(true, 0, r10, int32(n))
	a.opRM(true, []byte{0x3b}, r10, r12, blockPktLen, false) // cmp r10, [r12+pktLen]
	above := a.jcc(0x87)                                     // ja
	a.opRM(true, []byte{0x03}, r9, r12, blockPkt, false)     // add r9, [r12+pkt]
	a.load(rax, r9, 0, n, false)
	switch n {
	case 2:
		a.byte1(0x66)
		a.byte1(0xc1)
		a.modrmReg(0, rax) // rol ax, 8
		a.byte1(8)
		a.opRR(false, []byte{0x0f, 0xb7}, rax, rax)
	case 4:
		a.byte1(0x0f, 0xc8) // bswap eax
	case 8:
		a.byte1(0x48, 0x0f, 0xc8) // bswap rax
	}
	done := a.jmp()
	a.patch(neg, a.pos())
	a.patch(above, a.pos())
	c.fault(exitPacketOOB, i)
	a.patch(done, a.pos())
	c.keepCtx()
}
