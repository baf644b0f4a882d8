package jit

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/ir"
)

// x86 ALU opcodes (op rm, reg) and 0x81 group digits.
var aluCode = map[ir.ALUOp]struct {
	rr    byte
	digit int
}{
	ir.ALUAdd: {0x01, 0}, ir.ALUOr: {0x09, 1}, ir.ALUAnd: {0x21, 4}, ir.ALUSub: {0x29, 5}, ir.ALUXor: {0x31, 6},
}

func (c *compiler) alu(i int, ins ir.Instruction) error {
	a := &c.a
	op := ins.Opcode
	w := op.Class() == ir.ClassALU64
	x := op.Source() == ir.SourceX
	if ins.Dst > 10 || (x && ins.Src > 10) {
		return fmt.Errorf("invalid register")
	}
	dst := regMap[ins.Dst]
	src := 0
	if x {
		src = regMap[ins.Src]
	}
	switch aop := op.ALUOp(); aop {
	case ir.ALUAdd, ir.ALUOr, ir.ALUAnd, ir.ALUSub, ir.ALUXor:
		if x {
			a.aluRR(w, aluCode[aop].rr, dst, src)
		} else {
			a.aluRI(w, aluCode[aop].digit, dst, ins.Imm)
		}
	case ir.ALUMov:
		switch {
		case !x && w:
			a.movImm(dst, uint64(int64(ins.Imm)))
		case !x:
			a.movImm(dst, uint64(uint32(ins.Imm)))
		case ins.Off == 0:
			a.movRR(w, dst, src)
		default:
			c.movsx(w, dst, src, ins.Off)
		}
	case ir.ALUMul:
		if x {
			a.imulRR(w, dst, src)
		} else {
			a.imulRI(w, dst, dst, ins.Imm)
		}
	case ir.ALULsh, ir.ALURsh, ir.ALUArsh:
		digit := map[ir.ALUOp]int{ir.ALULsh: 4, ir.ALURsh: 5, ir.ALUArsh: 7}[aop]
		if !x {
			mask := int32(31)
			if w {
				mask = 63
			}
			a.shiftImm(w, digit, dst, byte(ins.Imm&mask))
			break
		}
		// Shifts by a register need the count in cl (BPF r4).
		a.movRR(true, r10, dst)
		a.movRR(true, r9, rcx)
		a.movRR(true, rcx, src)
		a.group(w, 0xd3, digit, r10)
		a.movRR(true, rcx, r9)
		a.movRR(true, dst, r10)
		c.keepCtx()
	case ir.ALUNeg:
		a.group(w, 0xf7, 3, dst)
	case ir.ALUDiv, ir.ALUMod:
		c.divmod(w, aop == ir.ALUMod, ins.Off == 1, dst, x, src, ins.Imm)
	case ir.ALUEnd:
		c.byteSwap(op, dst, ins.Imm)
	default:
		return fmt.Errorf("cannot compile ALU op 0x%02x", uint8(aop))
	}
	return nil
}

// movsx sign-extends the low 8, 16 or 32 bits of src into dst.
func (c *compiler) movsx(w bool, dst, src int, bitsIn int16) {
	a := &c.a
	switch bitsIn {
	case 8:
		a.rex(w, dst, 0, src, true)
		a.byte1(0x0f, 0xbe)
		a.modrmReg(dst, src)
	case 16:
		a.rex(w, dst, 0, src, false)
		a.byte1(0x0f, 0xbf)
		a.modrmReg(dst, src)
	default:
		a.opRR(true, []byte{0x63}, dst, src)
	}
}

// divmod implements BPF division and modulo: x/0 = 0, x%0 = x, and for the
// signed forms INT_MIN/-1 = INT_MIN, INT_MIN%-1 = 0 (x86 would trap).
// Those cases are cold code; a non-zero immediate needs no test, and an
// unsigned one that is a power of two is a shift or a mask.
func (c *compiler) divmod(w, mod, signed bool, dst int, x bool, src int, imm int32) {
	a := &c.a
	if !x && !signed && imm > 0 && imm&(imm-1) == 0 {
		shift := byte(0)
		for 1<<shift != imm {
			shift++
		}
		switch {
		case mod:
			a.aluRI(w, 4, dst, imm-1) // and dst, imm-1
		case shift > 0:
			a.shiftImm(w, 5, dst, shift) // shr dst, shift
		case !w:
			a.movRR(false, dst, dst)
		}
		return
	}
	if x {
		a.movRR(true, r9, src)
	} else {
		a.movImm(r9, uint64(int64(imm)))
	}
	var end int // where the cold cases continue
	if x || imm == 0 {
		a.opRR(w, []byte{0x85}, r9, r9) // test r9, r9
		zero := a.jcc(0x84)             // jz
		c.later(func() {
			a.patch(zero, a.pos())
			if mod {
				if !w {
					a.movRR(false, dst, dst) // the 32-bit dividend, zero-extended
				}
			} else {
				a.aluRR(true, 0x31, dst, dst) // xor dst, dst
			}
			a.patch(a.jmp(), end)
		})
	}
	if signed && (x || imm == -1) {
		a.aluRI(w, 7, r9, -1) // cmp r9, -1
		m1 := a.jcc(0x84)     // je
		c.later(func() {
			a.patch(m1, a.pos())
			if mod {
				a.aluRR(true, 0x31, dst, dst)
			} else {
				a.group(w, 0xf7, 3, dst) // neg: INT_MIN stays INT_MIN
			}
			a.patch(a.jmp(), end)
		})
	}
	// rax and rdx are r0 and r3: save what the division clobbers.
	if dst != rax {
		a.movRR(true, r10, rax)
	}
	if dst != rdx {
		a.push(rdx)
	}
	if dst != rax {
		a.movRR(w, rax, dst)
	}
	if signed {
		a.rex(w, 0, 0, 0, false)
		a.byte1(0x99) // cqo / cdq
		a.group(w, 0xf7, 7, r9)
	} else {
		a.aluRR(false, 0x31, rdx, rdx)
		a.group(w, 0xf7, 6, r9)
	}
	res := rax
	if mod {
		res = rdx
	}
	switch dst {
	case rax:
		if res != rax {
			a.movRR(w, rax, rdx)
		}
		a.pop(rdx)
	case rdx:
		if res != rdx {
			a.movRR(w, rdx, rax)
		}
		a.movRR(true, rax, r10)
	default:
		a.movRR(w, dst, res)
		a.pop(rdx)
		a.movRR(true, rax, r10)
	}
	end = a.pos()
	c.keepCtx()
}

// byteSwap implements END (to little or big endian) and ALU64 bswap.
func (c *compiler) byteSwap(op ir.Opcode, dst int, width int32) {
	a := &c.a
	swap := op.Class() == ir.ClassALU64 || op.Source() == ir.SourceX
	switch {
	case !swap && width == 16:
		a.opRR(false, []byte{0x0f, 0xb7}, dst, dst) // movzx dst32, dst16
	case !swap && width == 32:
		a.movRR(false, dst, dst)
	case !swap:
	case width == 16:
		a.byte1(0x66)
		a.rex(false, 0, 0, dst, false)
		a.byte1(0xc1)
		a.modrmReg(0, dst) // rol dst16, 8
		a.byte1(8)
		a.opRR(false, []byte{0x0f, 0xb7}, dst, dst)
	case width == 32:
		a.rex(false, 0, 0, dst, false)
		a.byte1(0x0f, 0xc8+byte(dst&7))
	default:
		a.rex(true, 0, 0, dst, false)
		a.byte1(0x0f, 0xc8+byte(dst&7))
	}
}

// Condition codes of jcc (second opcode byte) per BPF jump op.
var condCode = map[ir.JumpOp]byte{
	ir.JumpJEQ: 0x84, ir.JumpJNE: 0x85, ir.JumpJGT: 0x87, ir.JumpJGE: 0x83, ir.JumpJLT: 0x82,
	ir.JumpJLE: 0x86, ir.JumpJSGT: 0x8f, ir.JumpJSGE: 0x8d, ir.JumpJSLT: 0x8c, ir.JumpJSLE: 0x8e,
	ir.JumpJSET: 0x85,
}

func (c *compiler) jump(i int, ins ir.Instruction) error {
	a := &c.a
	op := ins.Opcode
	w := op.Class() == ir.ClassJMP
	switch jop := op.JumpOp(); jop {
	case ir.JumpJA:
		t := i + int(ins.Off) + 1
		if !w {
			t = i + int(ins.Imm) + 1
		}
		if c.checked && t <= i {
			c.tickJump(i, t)
			return nil
		}
		c.jumpTo(0, t)
		return nil
	case ir.JumpExit:
		a.ret()
		return nil
	case ir.JumpCall:
		if op.Source() == ir.SourceX {
			if ins.Dst > 10 {
				return fmt.Errorf("invalid register")
			}
			a.store(r12, blockAddr, regMap[ins.Dst], 8)
			c.setExit(exitCallX, i)
			c.callExit()
			return nil
		}
		if ins.Src == ir.CallLocal {
			return c.localCall(i, i+int(ins.Imm)+1)
		}
		if c.inline != nil && ins.Imm == 8 { // get_smp_processor_id
			a.movImm(rax, uint64(c.inline.CPU))
			return nil
		}
		if c.inline != nil && c.inline.Rand && ins.Imm == 7 { // get_prandom_u32
			c.random()
			return nil
		}
		if m := c.r1map[i]; ins.Imm == 1 && m >= 0 && m < len(c.arrays) && c.arrays[m].Values != 0 {
			c.arrayLookup(c.arrays[m])
			return nil
		}
		a.storeImm(r12, blockAddr, ins.Imm, 8)
		c.setExit(exitHelper, i)
		c.callExit()
		return nil
	default:
		cc, ok := condCode[jop]
		if !ok || ins.Dst > 10 {
			return fmt.Errorf("cannot compile jump 0x%02x", uint8(op))
		}
		if op.Source() == ir.SourceX && ins.Src > 10 {
			return fmt.Errorf("invalid register")
		}
		c.compare(ins)
		if t := i + int(ins.Off) + 1; c.checked && t <= i {
			// A backward jump, which the budget counts.
			skip := a.jcc(cc ^ 1) // not taken: fall through without a tick
			c.tickJump(i, t)
			a.patch(skip, a.pos())
			return nil
		}
		c.jumpTo(cc, i+int(ins.Off)+1)
		return nil
	}
}

// compare sets the flags for the conditional jump ins (registers valid):
// test for JSET, cmp for the others, in the jump's width.
func (c *compiler) compare(ins ir.Instruction) {
	a := &c.a
	w := ins.Opcode.Class() == ir.ClassJMP
	dst := regMap[ins.Dst]
	x := ins.Opcode.Source() == ir.SourceX
	switch jset := ins.Opcode.JumpOp() == ir.JumpJSET; {
	case jset && x:
		a.opRR(w, []byte{0x85}, regMap[ins.Src], dst)
	case jset:
		a.rex(w, 0, 0, dst, false)
		a.byte1(0xf7)
		a.modrmReg(0, dst)
		a.imm32(ins.Imm)
	case x:
		a.aluRR(w, 0x39, dst, regMap[ins.Src])
	default:
		a.aluRI(w, 7, dst, ins.Imm)
	}
}

// random is get_prandom_u32 inline: one step of engine.RandStep on the
// run's state, the number in r0.
func (c *compiler) random() {
	a := &c.a
	a.load(r9, r12, blockRand, 8, false)
	a.load(rax, r9, 0, 8, false)
	for _, s := range []struct {
		digit int
		n     byte
	}{{5, 12}, {4, 25}, {5, 27}} { // x ^= x >> 12; x ^= x << 25; x ^= x >> 27
		a.movRR(true, r10, rax)
		a.shiftImm(true, s.digit, r10, s.n)
		a.aluRR(true, 0x31, rax, r10)
	}
	a.store(r9, 0, rax, 8)
	a.movImm(r10, 0x2545f4914f6cdd1d)
	a.imulRR(true, rax, r10)
	a.shiftImm(true, 5, rax, 32)
	c.keepCtx()
}

// arrayLookup is map_lookup_elem of an array map inline: the u32 key at
// r2 below MaxEntries gives the value's address in r0, any other NULL
// (verified programs only: r2 points at a readable key).
func (c *compiler) arrayLookup(m engine.ArrayMap) {
	a := &c.a
	a.load(r9, regMap[2], 0, 4, false)         // r9 = the key, zero-extended
	a.aluRI(false, 7, r9, int32(m.MaxEntries)) // cmp r9d, max
	null := a.jcc(0x83)                        // jae
	a.imulRI(true, r9, r9, int32(m.Stride))    // r9 = key * stride
	a.movImm(rax, uint64(m.Values))
	a.aluRR(true, 0x01, rax, r9) // add rax, r9
	done := a.jmp()
	a.patch(null, a.pos())
	a.aluRR(false, 0x31, rax, rax) // xor eax, eax
	a.patch(done, a.pos())
	c.keepCtx()
}

// localCall saves r6-r10, gives the callee the next 512-byte frame, calls
// it, and restores them (the callee's exit is a ret).
func (c *compiler) localCall(i, target int) error {
	a := &c.a
	maxFrames := engine.MaxFrames
	c.tick(i)
	a.opRM(true, []byte{0xff}, 0, r12, blockDepth, false) // inc qword [r12+depth]
	a.opRM(true, []byte{0x81}, 7, r12, blockDepth, false) // cmp qword [r12+depth], max
	a.imm32(int32(maxFrames - 1))
	ok := a.jcc(0x8e) // jle
	c.fault(exitDepth, i)
	a.patch(ok, a.pos())
	for _, r := range []int{rbx, r13, r14, r15, rbp} {
		a.push(r)
	}
	size := engine.FrameSize
	a.aluRI(true, 5, rbp, int32(size))
	c.fixups = append(c.fixups, fixup{a.call(), target})
	for _, r := range []int{rbp, r15, r14, r13, rbx} {
		a.pop(r)
	}
	a.opRM(true, []byte{0xff}, 1, r12, blockDepth, false) // dec qword [r12+depth]
	return nil
}

// atomic compiles STX|ATOMIC.
func (c *compiler) atomic(ins ir.Instruction, w bool) error {
	a := &c.a
	base, src := regMap[ins.Dst], regMap[ins.Src]
	off := int32(ins.Off)
	lock := func() { a.byte1(0xf0) }
	switch ins.Imm {
	case ir.AtomicAdd, ir.AtomicOr, ir.AtomicAnd, ir.AtomicXor:
		op := map[int32]byte{ir.AtomicAdd: 0x01, ir.AtomicOr: 0x09, ir.AtomicAnd: 0x21, ir.AtomicXor: 0x31}[ins.Imm]
		lock()
		a.opRM(w, []byte{op}, src, base, off, false)
	case ir.AtomicAdd | ir.AtomicFetch:
		lock()
		a.opRM(w, []byte{0x0f, 0xc1}, src, base, off, false) // xadd
		if !w {
			a.movRR(false, src, src)
		}
	case ir.AtomicXchg:
		a.opRM(w, []byte{0x87}, src, base, off, false)
		if !w {
			a.movRR(false, src, src)
		}
	case ir.AtomicCmpXchg:
		lock()
		a.opRM(w, []byte{0x0f, 0xb1}, src, base, off, false)
		if !w {
			a.movRR(false, rax, rax)
		}
	case ir.AtomicOr | ir.AtomicFetch, ir.AtomicAnd | ir.AtomicFetch, ir.AtomicXor | ir.AtomicFetch:
		op := map[int32]byte{ir.AtomicOr: 0x09, ir.AtomicAnd: 0x21, ir.AtomicXor: 0x31}[ins.Imm&^ir.AtomicFetch]
		a.push(budgetReg)       // r11 holds the address meanwhile
		a.movRR(true, r10, rax) // r0 is rax, which cmpxchg uses
		a.movRR(true, r11, base)
		a.aluRI(true, 0, r11, off) // r11 = address
		value := src
		if src == rax {
			value = r10
		}
		loop := a.pos()
		a.load(rax, r11, 0, sizeOf(w), false)
		a.movRR(true, r9, rax)
		a.aluRR(w, op, r9, value)
		lock()
		a.opRM(w, []byte{0x0f, 0xb1}, r9, r11, 0, false)
		at := a.jcc(0x85)
		a.patch(at, loop)
		if !w {
			a.movRR(false, rax, rax)
		}
		if src != rax {
			a.movRR(true, src, rax)
			a.movRR(true, rax, r10)
		}
		a.pop(budgetReg)
		c.keepCtx()
	default:
		return fmt.Errorf("cannot compile atomic op %#x", ins.Imm)
	}
	return nil
}

func sizeOf(w bool) int {
	if w {
		return 8
	}
	return 4
}
