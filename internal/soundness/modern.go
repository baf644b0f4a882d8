package soundness

import "github.com/bpfcheck/bpfcheck/ir"

// Snippets that use features the 2015 kernels reject: variable offsets,
// bounded loops, bpf-to-bpf calls, direct packet access.

// boundsIndex indexes a map value by a value loaded from the context, the
// value or a helper, after a bounds check that a mistake gets off by one (or
// makes signed without a lower bound).
func (g *gen) boundsIndex() {
	m := []int{mapHash, mapArray}[g.rng.Intn(2)]
	g.lookup(m)
	out := g.b.newLabel()
	g.b.jump(jmpImm(ir.ClassJMP, ir.JumpJEQ, ir.R0, 0), out)
	switch g.rng.Intn(3) {
	case 0:
		g.b.emit(ldx(ir.SizeW, ir.R1, rCtx, 0))
	case 1:
		g.b.emit(ldx(ir.SizeB, ir.R1, ir.R0, int16(g.rng.Intn(8))))
	default:
		g.b.emit(mov(ir.R1, g.scalar()))
	}
	sz := sizes[g.rng.Intn(4)]
	limit := int32(valueSize(m) - sz.Bytes()) // the largest safe index
	op, c := ir.JumpJGT, ir.ClassJMP
	if g.mistake() {
		switch g.rng.Intn(4) {
		case 0:
			limit++
		case 1:
			op = ir.JumpJSGT
		case 2:
			c = ir.ClassJMP32
		default:
			op = ir.JumpJGE
			limit += 2
		}
	}
	if g.chance(3) {
		// r1 < limit+1 is the same check from the other side.
		g.b.emit(aluImm(ir.ClassALU64, ir.ALUMov, ir.R2, limit+1))
		g.b.jump(jmpReg(c, ir.JumpJLE, ir.R2, ir.R1), out)
	} else {
		g.b.jump(jmpImm(c, op, ir.R1, limit), out)
	}
	g.b.emit(aluReg(ir.ClassALU64, ir.ALUAdd, ir.R0, ir.R1))
	if g.chance(2) {
		g.b.emit(ldx(sz, g.scalar(), ir.R0, 0))
	} else {
		g.b.emit(stx(sz, ir.R0, g.scalar(), 0))
	}
	g.b.bind(out)
}

// loop runs a counted loop that sums into a scalar and writes the stack at
// a variable offset; a mistake runs it once too often or never advances.
func (g *gen) loop() {
	n := int32(1 + g.rng.Intn(24))
	step := int32(1)
	if g.mistake() {
		if g.chance(2) {
			n++
		} else {
			step = 0
		}
	}
	g.b.emit(movImm(ir.R1, 0))
	head := g.b.newLabel()
	g.b.bind(head)
	acc := g.scalar()
	g.b.emit(aluReg(ir.ClassALU64, ir.ALUAdd, acc, ir.R1))
	if g.chance(2) {
		// fp-64+r1 for r1 in [0, n): a byte buffer of 24 at fp-64..fp-41.
		g.b.emit(mov(ir.R2, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R2, -64), aluReg(ir.ClassALU64, ir.ALUAdd, ir.R2, ir.R1),
			stx(ir.SizeB, ir.R2, acc, 0))
	}
	g.b.emit(aluImm(ir.ClassALU64, ir.ALUAdd, ir.R1, step))
	c := ir.ClassJMP
	if g.chance(2) {
		c = ir.ClassJMP32
	}
	g.b.jump(jmpImm(c, ir.JumpJLT, ir.R1, n), head)
}

// localCall calls a subprogram with a pointer to a stack buffer and a
// scalar; the callee reads the buffer (a mistake reads past it), may call
// another subprogram, and returns a scalar.
func (g *gen) localCall() {
	g.stackBuf(-16, 16, true)
	g.b.emit(mov(ir.R1, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R1, -16), mov(ir.R2, g.scalar()))
	sub := g.b.newLabel()
	g.b.callLocal(sub)
	g.b.emit(mov(g.scalar(), ir.R0))
	depth := 0
	var body func(l int)
	body = func(l int) {
		g.b.bind(l)
		off := int16(8 * g.rng.Intn(2))
		if g.mistake() {
			off = []int16{16, -8, 4}[g.rng.Intn(3)]
			g.uninit = true
		}
		g.b.emit(ldx(ir.SizeDW, ir.R0, ir.R1, off))
		g.b.emit(aluReg(ir.ClassALU64, ir.ALUAdd, ir.R0, ir.R2))
		if g.chance(2) { // the callee's own stack
			g.b.emit(stx(ir.SizeDW, ir.R10, ir.R0, -8), ldx(ir.SizeDW, ir.R0, ir.R10, -8))
		}
		if depth < 3 && g.chance(3) {
			depth++
			g.uninit = true // the callee reads its callee's buffer at +8, written only sometimes
			next := g.b.newLabel()
			g.b.emit(stx(ir.SizeDW, ir.R10, ir.R0, -16), mov(ir.R2, ir.R0))
			g.b.emit(mov(ir.R1, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R1, -16))
			g.b.callLocal(next)
			g.subs = append(g.subs, func() { body(next) })
		}
		g.b.emit(exit())
	}
	g.subs = append(g.subs, func() { body(sub) })
}

// directPacket reads the packet through __sk_buff data/data_end after a
// bounds check that a mistake gets off by one.
func (g *gen) directPacket() {
	sz := sizes[g.rng.Intn(4)]
	n := int32(sz.Bytes() * (1 + g.rng.Intn(4)))
	off := int16(n) - int16(sz.Bytes())
	if g.mistake() {
		off++
	}
	out := g.b.newLabel()
	g.b.emit(ldx(ir.SizeW, ir.R2, rCtx, 76), ldx(ir.SizeW, ir.R3, rCtx, 80), mov(ir.R4, ir.R2), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R4, n))
	g.b.jump(jmpReg(ir.ClassJMP, ir.JumpJGT, ir.R4, ir.R3), out)
	if g.chance(2) {
		g.b.emit(ldx(sz, g.scalar(), ir.R2, off))
	} else {
		g.b.emit(stx(sz, ir.R2, g.scalar(), off))
	}
	g.b.bind(out)
}

// stackVarOff reads or writes the stack at fp-32 plus a masked scalar.
func (g *gen) stackVarOff() {
	g.stackBuf(-32, 32, true)
	mask := int32(31 - 7)
	if g.mistake() {
		mask = 63
		g.uninit = true
	}
	g.b.emit(mov(ir.R1, g.scalar()), aluImm(ir.ClassALU64, ir.ALUAnd, ir.R1, mask), mov(ir.R2, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R2, -32),
		aluReg(ir.ClassALU64, ir.ALUAdd, ir.R2, ir.R1))
	if g.chance(2) {
		g.b.emit(ldx(ir.SizeB, g.scalar(), ir.R2, 0))
	} else {
		g.b.emit(stx(ir.SizeB, ir.R2, g.scalar(), 0))
	}
}
