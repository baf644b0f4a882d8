package jit

import "encoding/binary"

// x86-64 register numbers.
const (
	rax = iota
	rcx
	rdx
	rbx
	rsp
	rbp
	rsi
	rdi
	r8
	r9
	r10
	r11
	r12
	r13
	r14
	r15
)

// asm is a tiny x86-64 encoder: just the forms the compiler emits.
type asm struct {
	b []byte
}

func (a *asm) byte1(v ...byte) { a.b = append(a.b, v...) }
func (a *asm) imm32(v int32)   { a.b = binary.LittleEndian.AppendUint32(a.b, uint32(v)) }
func (a *asm) imm64(v uint64)  { a.b = binary.LittleEndian.AppendUint64(a.b, v) }
func (a *asm) pos() int        { return len(a.b) }

// rex emits a REX prefix when needed (always when force is set, for byte
// registers sil/dil/bpl/spl).
func (a *asm) rex(w bool, reg, index, base int, force bool) {
	v := byte(0x40)
	if w {
		v |= 8
	}
	if reg&8 != 0 {
		v |= 4
	}
	if index&8 != 0 {
		v |= 2
	}
	if base&8 != 0 {
		v |= 1
	}
	if v != 0x40 || force {
		a.byte1(v)
	}
}

// modrmReg encodes a register-direct operand.
func (a *asm) modrmReg(reg, rm int) { a.byte1(0xc0 | byte(reg&7)<<3 | byte(rm&7)) }

// modrmMem encodes [base + disp32] (SIB for rsp/r12 bases).
func (a *asm) modrmMem(reg, base int, disp int32) {
	a.byte1(0x80 | byte(reg&7)<<3 | byte(base&7))
	if base&7 == rsp {
		a.byte1(0x24)
	}
	a.imm32(disp)
}

// opRR emits "op rm, reg" (or "op reg, rm" per opcode) register form.
func (a *asm) opRR(w bool, op []byte, reg, rm int) {
	a.rex(w, reg, 0, rm, false)
	a.byte1(op...)
	a.modrmReg(reg, rm)
}

// opRM emits an opcode with a memory operand [base+disp].
func (a *asm) opRM(w bool, op []byte, reg, base int, disp int32, forceRex bool) {
	a.rex(w, reg, 0, base, forceRex)
	a.byte1(op...)
	a.modrmMem(reg, base, disp)
}

func (a *asm) movRR(w bool, dst, src int) { a.opRR(w, []byte{0x89}, src, dst) }

// movImm loads a 64-bit constant with the shortest form.
func (a *asm) movImm(dst int, v uint64) {
	switch {
	case v <= 0xffffffff:
		a.rex(false, 0, 0, dst, false)
		a.byte1(0xb8 + byte(dst&7))
		a.imm32(int32(uint32(v)))
	case int64(v) >= -1<<31 && int64(v) < 1<<31:
		a.rex(true, 0, 0, dst, false)
		a.byte1(0xc7)
		a.modrmReg(0, dst)
		a.imm32(int32(v))
	default:
		a.rex(true, 0, 0, dst, false)
		a.byte1(0xb8 + byte(dst&7))
		a.imm64(v)
	}
}

// aluRR emits add/or/and/sub/xor/cmp dst, src (opcode: 01 09 21 29 31 39).
func (a *asm) aluRR(w bool, op byte, dst, src int) { a.opRR(w, []byte{op}, src, dst) }

// aluRI emits the 0x81 group: /0 add /1 or /4 and /5 sub /6 xor /7 cmp.
func (a *asm) aluRI(w bool, digit int, dst int, imm int32) {
	a.rex(w, 0, 0, dst, false)
	a.byte1(0x81)
	a.modrmReg(digit, dst)
	a.imm32(imm)
}

// group emits a one-operand group opcode (F7 /3 neg, /6 div, /7 idiv; D3
// shifts by cl: /4 shl /5 shr /7 sar).
func (a *asm) group(w bool, op byte, digit, rm int) {
	a.rex(w, 0, 0, rm, false)
	a.byte1(op)
	a.modrmReg(digit, rm)
}

// shiftImm emits C1 /digit ib.
func (a *asm) shiftImm(w bool, digit, rm int, n byte) {
	a.rex(w, 0, 0, rm, false)
	a.byte1(0xc1)
	a.modrmReg(digit, rm)
	a.byte1(n)
}

// imulRR emits imul dst, src.
func (a *asm) imulRR(w bool, dst, src int) { a.opRR(w, []byte{0x0f, 0xaf}, dst, src) }

// load emits a zero- or sign-extending load of n bytes from [base+off].
func (a *asm) load(dst, base int, off int32, n int, signed bool) {
	switch {
	case n == 1 && !signed:
		a.opRM(false, []byte{0x0f, 0xb6}, dst, base, off, false)
	case n == 2 && !signed:
		a.opRM(false, []byte{0x0f, 0xb7}, dst, base, off, false)
	case n == 4 && !signed:
		a.opRM(false, []byte{0x8b}, dst, base, off, false)
	case n == 8:
		a.opRM(true, []byte{0x8b}, dst, base, off, false)
	case n == 1:
		a.opRM(true, []byte{0x0f, 0xbe}, dst, base, off, false)
	case n == 2:
		a.opRM(true, []byte{0x0f, 0xbf}, dst, base, off, false)
	default:
		a.opRM(true, []byte{0x63}, dst, base, off, false)
	}
}

// store emits a store of n bytes of src to [base+off].
func (a *asm) store(base int, off int32, src int, n int) {
	switch n {
	case 1:
		a.opRM(false, []byte{0x88}, src, base, off, true)
	case 2:
		a.byte1(0x66)
		a.opRM(false, []byte{0x89}, src, base, off, false)
	case 4:
		a.opRM(false, []byte{0x89}, src, base, off, false)
	default:
		a.opRM(true, []byte{0x89}, src, base, off, false)
	}
}

// storeImm emits a store of an immediate (sign-extended for 8 bytes).
func (a *asm) storeImm(base int, off int32, imm int32, n int) {
	switch n {
	case 1:
		a.opRM(false, []byte{0xc6}, 0, base, off, false)
		a.byte1(byte(imm))
	case 2:
		a.byte1(0x66)
		a.opRM(false, []byte{0xc7}, 0, base, off, false)
		a.b = binary.LittleEndian.AppendUint16(a.b, uint16(imm))
	case 4:
		a.opRM(false, []byte{0xc7}, 0, base, off, false)
		a.imm32(imm)
	default:
		a.opRM(true, []byte{0xc7}, 0, base, off, false)
		a.imm32(imm)
	}
}

// jcc emits a conditional jump with a rel32 to be patched; it returns the
// offset of the rel32.
func (a *asm) jcc(cc byte) int {
	a.byte1(0x0f, cc)
	a.imm32(0)
	return a.pos() - 4
}

// jmp emits jmp rel32 and returns the offset of the rel32.
func (a *asm) jmp() int {
	a.byte1(0xe9)
	a.imm32(0)
	return a.pos() - 4
}

// call emits call rel32 and returns the offset of the rel32.
func (a *asm) call() int {
	a.byte1(0xe8)
	a.imm32(0)
	return a.pos() - 4
}

// patch points the rel32 at at to target.
func (a *asm) patch(at, target int) {
	binary.LittleEndian.PutUint32(a.b[at:], uint32(int32(target-(at+4))))
}

func (a *asm) push(r int) {
	a.rex(false, 0, 0, r, false)
	a.byte1(0x50 + byte(r&7))
}

func (a *asm) pop(r int) {
	a.rex(false, 0, 0, r, false)
	a.byte1(0x58 + byte(r&7))
}

func (a *asm) ret() { a.byte1(0xc3) }

// lea emits lea dst, [base+disp].
func (a *asm) lea(dst, base int, disp int32) { a.opRM(true, []byte{0x8d}, dst, base, disp, false) }

// imulRI emits imul dst, src, imm32.
func (a *asm) imulRI(w bool, dst, src int, imm int32) {
	a.opRR(w, []byte{0x69}, dst, src)
	a.imm32(imm)
}

// leaSum emits lea dst, [base+index] (64-bit, or 32-bit zero-extended).
func (a *asm) leaSum(w bool, dst, base, index int) {
	if base&7 == rbp && index&7 != rbp {
		base, index = index, base // [rbp/r13 + index] needs a displacement
	}
	a.rex(w, dst, index, base, false)
	a.byte1(0x8d)
	mod := byte(0x00)
	if base&7 == rbp {
		mod = 0x40
	}
	a.byte1(mod | byte(dst&7)<<3 | 0x04)     // SIB follows
	a.byte1(byte(index&7)<<3 | byte(base&7)) // scale 1
	if mod == 0x40 {
		a.byte1(0)
	}
}

// leaDisp emits lea dst, [base+disp] (64-bit, or 32-bit zero-extended).
func (a *asm) leaDisp(w bool, dst, base int, disp int32) {
	a.opRM(w, []byte{0x8d}, dst, base, disp, false)
}

// leaIndex emits lea dst, [base+index+disp32] (64-bit).
func (a *asm) leaIndex(dst, base, index int, disp int32) {
	a.rex(true, dst, index, base, false)
	a.byte1(0x8d)
	a.byte1(0x80 | byte(dst&7)<<3 | 0x04)    // mod 10: disp32; SIB follows
	a.byte1(byte(index&7)<<3 | byte(base&7)) // scale 1
	a.imm32(disp)
}

// align pads the code with multi-byte nops to a multiple of n bytes.
func (a *asm) align(n int) {
	nops := [][]byte{{}, {0x90}, {0x66, 0x90}, {0x0f, 0x1f, 0x00}, {0x0f, 0x1f, 0x40, 0x00},
		{0x0f, 0x1f, 0x44, 0x00, 0x00}, {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
		{0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00}, {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00}}
	for n > 1 && a.pos()%n != 0 {
		k := min(n-a.pos()%n, len(nops)-1)
		a.byte1(nops[k]...)
	}
}
