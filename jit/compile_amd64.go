package jit

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/ir"
)

// regMap assigns BPF registers r0..r10 to x86-64 registers. r0 is rax (so
// cmpxchg's implicit operand is r0); r10 is rbp. r9, r10, r11 are scratch
// and r12 points at the run's block.
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
	blockCtxLo    = 200
	blockCtxLen   = 208
	blockCtxWLen  = 216
)

// compiler turns one program into machine code.
type compiler struct {
	a       asm
	insns   []ir.Instruction
	checked bool
	offset  []int // insn -> code offset
	fixups  []fixup
	exitAt  int // offset of the exit routine
}

type fixup struct {
	at, insn int // rel32 at at targets insn
}

func compileProgram(p *engine.Program) ([]byte, int, error) {
	insns := p.Insns
	c := &compiler{insns: insns, checked: p.Checked, offset: make([]int, len(insns)+1)}
	c.emitExitRoutine()
	// The prologue: the native stack's first return address points here.
	prologue := c.a.pos()
	c.fixups = append(c.fixups, fixup{c.a.call(), 0})
	c.setExit(exitDone, 0)
	c.callExit()
	c.a.byte1(0x0f, 0x0b) // ud2: never resumed
	var halves []int      // second slots of LD_IMM64: no instruction of their own
	for i := 0; i < len(insns); i++ {
		c.offset[i] = c.a.pos()
		if err := c.insn(i); err != nil {
			return nil, 0, fmt.Errorf("insn %d: %w", i, err)
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
	for _, f := range c.fixups {
		if f.insn < 0 || f.insn > len(insns) {
			return nil, 0, fmt.Errorf("jump to insn %d is outside the program", f.insn)
		}
		c.a.patch(f.at, c.offset[f.insn])
	}
	return c.a.b, prologue, nil
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

// tick charges the budget in checked mode at jumps and calls.
func (c *compiler) tick(i int) {
	if !c.checked {
		return
	}
	a := &c.a
	a.opRM(true, []byte{0xff}, 1, r12, blockBudget, false) // dec qword [r12+budget]
	ok := a.jcc(0x89)                                      // jns
	c.fault(exitBudget, i)
	a.patch(ok, a.pos())
}

// check validates an access in checked mode. Accesses to the stack and
// the context are checked inline: the address against the region, and for
// the stack the shadow bytes (a read needs every byte written, a write
// marks them). Anything else, and every fault, goes to Go (Run.Check),
// which accepts map values and reports faults with the interpreter's
// words.
func (c *compiler) check(i int, base int, off int16, n int, write bool) {
	if !c.checked {
		return
	}
	a := &c.a
	a.movRR(true, r9, base)
	a.aluRI(true, 0, r9, int32(off))
	var done, slow []int
	// Test the likelier region first: the stack for r10, the context
	// (or plain memory) for any other base.
	if base == regMap[10] {
		c.stackTest(n, write, &done, &slow)
		c.ctxTest(n, write, &done, &slow)
	} else {
		c.ctxTest(n, write, &done, &slow)
		c.stackTest(n, write, &done, &slow)
	}
	slow = append(slow, a.jmp())
	for _, s := range slow {
		a.patch(s, a.pos())
	}
	a.store(r12, blockAddr, r9, 8)
	a.storeImm(r12, blockSize, int32(n), 4)
	w := int32(0)
	if write {
		w = 1
	}
	a.storeImm(r12, blockWrite, w, 4)
	c.setExit(exitCheck, i)
	c.callExit()
	for _, d := range done {
		a.patch(d, a.pos())
	}
}

// stackTest emits the inline stack check of the access at r9: outside the
// stack it falls through to what follows; inside, it jumps to done when
// the access is fine and to slow when it reads an unwritten byte.
func (c *compiler) stackTest(n int, write bool, done, slow *[]int) {
	a := &c.a
	// r10 = addr - stackLo, unsigned, at most size - n.
	a.movRR(true, r10, r9)
	a.opRM(true, []byte{0x2b}, r10, r12, blockStackLo, false) // sub r10, [r12+stackLo]
	a.aluRI(true, 7, r10, int32(engine.MaxFrames*engine.FrameSize-n))
	outside := a.jcc(0x87) // ja
	a.load(r11, r12, blockInit, 8, false)
	a.aluRR(true, 0x01, r11, r10) // r11 = &init[addr - stackLo]
	if write {
		switch n {
		case 1:
			a.storeImm(r11, 0, 1, 1)
		case 2:
			a.storeImm(r11, 0, 0x0101, 2)
		case 4:
			a.storeImm(r11, 0, 0x01010101, 4)
		default:
			a.storeImm(r11, 0, 0x01010101, 4)
			a.storeImm(r11, 4, 0x01010101, 4)
		}
	} else {
		cmp := func(disp int32, size int) {
			switch size {
			case 1:
				a.opRM(false, []byte{0x80}, 7, r11, disp, false)
				a.byte1(1)
			case 2:
				a.byte1(0x66)
				a.opRM(false, []byte{0x81}, 7, r11, disp, false)
				a.b = append(a.b, 1, 1)
			default:
				a.opRM(false, []byte{0x81}, 7, r11, disp, false)
				a.imm32(0x01010101)
			}
			*slow = append(*slow, a.jcc(0x85)) // jne: an unwritten byte
		}
		if n == 8 {
			cmp(0, 4)
			cmp(4, 4)
		} else {
			cmp(0, n)
		}
	}
	*done = append(*done, a.jmp())
	a.patch(outside, a.pos())
}

// ctxTest emits the inline context check of the access at r9: it jumps to
// done when the access lies inside the context (and the context may be
// written, for a write) and falls through otherwise.
func (c *compiler) ctxTest(n int, write bool, done, slow *[]int) {
	a := &c.a
	limit := int32(blockCtxLen)
	if write {
		limit = blockCtxWLen
	}
	// r10 = addr - ctxLo < len, and r10 + n <= len.
	a.movRR(true, r10, r9)
	a.opRM(true, []byte{0x2b}, r10, r12, blockCtxLo, false) // sub r10, [r12+ctxLo]
	a.opRM(true, []byte{0x3b}, r10, r12, limit, false)      // cmp r10, [r12+limit]
	below := a.jcc(0x83)                                    // jae: not in the context
	a.movRR(true, r11, r10)
	a.aluRI(true, 0, r11, int32(n))
	a.opRM(true, []byte{0x3b}, r11, r12, limit, false) // cmp r11, [r12+limit]
	*slow = append(*slow, a.jcc(0x87))                 // ja: crosses its end
	*done = append(*done, a.jmp())
	a.patch(below, a.pos())
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
	ins := c.insns[i]
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
}
