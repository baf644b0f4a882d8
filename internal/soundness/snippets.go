package soundness

import "github.com/bpfcheck/bpfcheck/ir"

// snippet is one fragment of realistic code. Snippets keep r6 (the context)
// and r7-r9 (scalars) intact and leave no pointer behind in other registers
// that later snippets use; r0-r5 are scratch.
type snippet struct {
	name      string
	modern    bool // uses features after 2015
	emit      func(g *gen)
	leavesPtr bool // r0 may hold a pointer afterwards
}

var snippets = []snippet{
	{"stack-store", false, (*gen).stackStore, false},
	{"stack-load", false, (*gen).stackLoad, false},
	{"map-lookup", false, (*gen).mapLookup, true},
	{"ctx-read", false, (*gen).ctxRead, false},
	{"ctx-write", false, (*gen).ctxWrite, false},
	{"ld-abs", false, (*gen).ldAbs, false},
	{"helper", false, (*gen).helper, false},
	{"map-update", false, (*gen).mapUpdate, false},
	{"tail-call", false, (*gen).tailCall, false},
	{"spill-fill", false, (*gen).spillFill, true},
	{"xadd", false, (*gen).xadd, false},
	{"alu-chain", false, (*gen).aluChain, false},
	{"jmp-chain", false, (*gen).jmpChain, false},
	{"bounds-index", true, (*gen).boundsIndex, true},
	{"loop", true, (*gen).loop, false},
	{"local-call", true, (*gen).localCall, false},
	{"direct-packet", true, (*gen).directPacket, false},
	{"stack-var-off", true, (*gen).stackVarOff, false},
}

// stackStore writes a few bytes of the stack, at an aligned offset unless a
// mistake makes it misaligned or out of the frame.
func (g *gen) stackStore() {
	sz := sizes[g.rng.Intn(4)]
	off := -int16(sz.Bytes()) * int16(1+g.rng.Intn(64/sz.Bytes()))
	if g.mistake() {
		off = []int16{off + 1, 0, 8, -520}[g.rng.Intn(4)]
	}
	g.storeStack(off, sz, true)
}

// stackLoad reads stack bytes that were written, unless a mistake reads
// bytes that were not.
func (g *gen) stackLoad() {
	sz := sizes[g.rng.Intn(4)]
	off := -int16(sz.Bytes()) * int16(1+g.rng.Intn(64/sz.Bytes()))
	if g.holdsPtr(int(off), sz.Bytes()) {
		g.storeStack(off, sz, false)
	} else if !g.initialised(int(off), sz.Bytes()) {
		if g.mistake() {
			g.uninit = true
		} else {
			g.storeStack(off, sz, true)
		}
	}
	g.b.emit(ldx(sz, g.scalar(), ir.R10, off))
}

// lookup emits a map lookup with the key at fp-8 (for the hash map) or
// fp-4 (for the array), leaving the result in r0.
func (g *gen) lookup(m int) {
	keyOff := int16(-8)
	if m == mapArray {
		keyOff = -4
	}
	if g.mistake() {
		g.uninit = true
	} else {
		if g.chance(2) {
			g.b.emit(st(ir.SizeDW, ir.R10, -8, int32(g.rng.Intn(10))))
		} else {
			g.b.emit(mov(ir.R1, g.scalar()), aluImm(ir.ClassALU64, ir.ALUAnd, ir.R1, 7), stx(ir.SizeDW, ir.R10, ir.R1, -8))
		}
		if keyOff == -4 {
			g.b.emit(st(ir.SizeW, ir.R10, -4, int32(g.rng.Intn(6))))
		}
		g.init[512-8], g.init[512-7], g.init[512-6], g.init[512-5] = true, true, true, true
		g.init[512-4], g.init[512-3], g.init[512-2], g.init[512-1] = true, true, true, true
	}
	g.b.emit(mapLoad(ir.R1, m)...)
	g.b.emit(mov(ir.R2, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R2, int32(keyOff)), call(1))
}

func valueSize(m int) int {
	return int(Maps()[m].ValueSize)
}

// valueAccess reads or writes r0+off with off inside the value, unless a
// mistake puts it one size past either end.
func (g *gen) valueAccess(base ir.Register, m int) {
	sz := sizes[g.rng.Intn(4)]
	vs := valueSize(m)
	off := sz.Bytes() * g.rng.Intn(vs/sz.Bytes())
	if g.mistake() {
		off = []int{vs - sz.Bytes() + 1, vs, -sz.Bytes(), off + 1}[g.rng.Intn(4)]
	}
	switch g.rng.Intn(3) {
	case 0:
		g.b.emit(ldx(sz, g.scalar(), base, int16(off)))
	case 1:
		g.b.emit(stx(sz, base, g.scalar(), int16(off)))
	default:
		g.b.emit(st(sz, base, int16(off), g.imm()))
	}
}

// mapLookup looks up a key and uses the value, behind a NULL check unless a
// mistake drops or inverts it.
func (g *gen) mapLookup() {
	m := []int{mapHash, mapArray}[g.rng.Intn(2)]
	g.lookup(m)
	skip := g.b.newLabel()
	if g.mistake() {
		if g.chance(2) {
			g.b.jump(jmpImm(ir.ClassJMP, ir.JumpJNE, ir.R0, 0), skip)
		}
	} else {
		g.b.jump(jmpImm(ir.ClassJMP, ir.JumpJEQ, ir.R0, 0), skip)
	}
	for i := g.rng.Intn(3); i >= 0; i-- {
		g.valueAccess(ir.R0, m)
	}
	g.b.bind(skip)
}

// ctxRead loads a context field into a scalar register.
func (g *gen) ctxRead() {
	off, sz := g.ctxOff(false)
	base := rCtx
	if g.chance(4) {
		g.b.emit(mov(ir.R2, rCtx))
		base = ir.R2
		if g.mistake() {
			g.b.emit(aluImm(ir.ClassALU64, ir.ALUAdd, ir.R2, 4))
		}
	}
	g.b.emit(ldx(sz, g.scalar(), base, off))
}

// ctxWrite stores into a writable context field.
func (g *gen) ctxWrite() {
	off, sz := g.ctxOff(true)
	if g.chance(2) {
		g.b.emit(st(sz, rCtx, off, g.imm()))
	} else {
		g.b.emit(stx(sz, rCtx, g.scalar(), off))
	}
}

// ldAbs reads the packet with LD_ABS or LD_IND (through r6), in or past its
// end; the result goes to a scalar register.
func (g *gen) ldAbs() {
	sz := sizes[g.rng.Intn(3)]
	if g.mistake() {
		sz = ir.SizeDW
	}
	if g.chance(2) {
		g.b.emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassLD, ir.ModeABS, sz), Imm: int32(g.rng.Intn(80))})
	} else {
		g.b.emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassLD, ir.ModeIND, sz), Src: g.scalar(), Imm: int32(g.rng.Intn(40))})
	}
	g.b.emit(mov(g.scalar(), ir.R0))
}

// helper calls a helper with well-formed arguments (unless a mistake reads
// an argument register the call clobbered) and keeps its result.
func (g *gen) helper() {
	switch g.rng.Intn(9) {
	case 0:
		g.b.emit(call(7)) // get_prandom_u32
	case 1:
		g.b.emit(call(5)) // ktime_get_ns
	case 2:
		g.b.emit(call(8)) // get_smp_processor_id
	case 3:
		g.b.emit(call([]int32{14, 15}[g.rng.Intn(2)])) // get_current_{pid_tgid,uid_gid}
	case 4: // probe_read(fp-16, 16, r7)
		g.b.emit(mov(ir.R1, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R1, -16), movImm(ir.R2, 16), mov(ir.R3, g.scalar()), call(4))
		g.markInit(-16, 16)
	case 5: // get_current_comm(fp-24, 16)
		n := int32(16)
		if g.mistake() {
			n = 32
		}
		g.b.emit(mov(ir.R1, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R1, -24), movImm(ir.R2, n), call(16))
		g.markInit(-24, 16)
	case 6: // trace_printk("%d\n", 4, r7)
		g.b.emit(st(ir.SizeW, ir.R10, -32, 0x000a6425))
		g.b.emit(mov(ir.R1, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R1, -32), movImm(ir.R2, 4), mov(ir.R3, g.scalar()), call(6))
	case 7: // skb_store_bytes(ctx, off, fp-8, 4, 0) / get_cgroup_classid(ctx)
		if g.chance(2) {
			g.stackBuf(-8, 8, false)
			g.b.emit(mov(ir.R1, rCtx), movImm(ir.R2, int32(g.rng.Intn(64))), mov(ir.R3, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R3, -8),
				movImm(ir.R4, 4), movImm(ir.R5, 0), call(9))
		} else {
			g.b.emit(mov(ir.R1, rCtx), call(17))
		}
	default: // l3_csum_replace(ctx, off, from, to, size)
		g.b.emit(mov(ir.R1, rCtx), movImm(ir.R2, int32(g.rng.Intn(64))), mov(ir.R3, g.scalar()), mov(ir.R4, g.scalar()), movImm(ir.R5, []int32{0, 2, 4}[g.rng.Intn(3)]), call(10))
	}
	if g.mistake() {
		g.b.emit(mov(g.scalar(), ir.Register(1+g.rng.Intn(5))))
	} else {
		g.b.emit(mov(g.scalar(), ir.R0))
	}
}

func (g *gen) markInit(off, n int) {
	for i := 0; i < n; i++ {
		g.init[512+off+i] = true
	}
}

// mapUpdate updates or deletes an element, with key and value on the stack.
func (g *gen) mapUpdate() {
	m := []int{mapHash, mapArray}[g.rng.Intn(2)]
	vs := valueSize(m)
	key := int16(-8)
	if m == mapArray {
		key = -4
		g.b.emit(st(ir.SizeW, ir.R10, -4, int32(g.rng.Intn(6))))
	} else {
		g.b.emit(st(ir.SizeDW, ir.R10, -8, int32(g.rng.Intn(10))))
	}
	g.markInit(-8, 8)
	g.b.emit(mapLoad(ir.R1, m)...)
	g.b.emit(mov(ir.R2, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R2, int32(key)))
	if g.chance(4) {
		g.b.emit(call(3)) // map_delete_elem
	} else {
		g.stackBuf(-48, 24, true)
		g.b.emit(mov(ir.R3, ir.R10), aluImm(ir.ClassALU64, ir.ALUAdd, ir.R3, int32(-48+24-vs)))
		if g.mistake() {
			g.b.emit(aluImm(ir.ClassALU64, ir.ALUAdd, ir.R3, 8))
			g.uninit = true
		}
		g.b.emit(movImm(ir.R4, int32(g.rng.Intn(3))), call(2))
	}
	g.b.emit(mov(g.scalar(), ir.R0))
}

// tailCall jumps to program 0 or 1 of the program array (or falls through).
func (g *gen) tailCall() {
	g.b.emit(mov(ir.R1, rCtx))
	g.b.emit(mapLoad(ir.R2, mapProgs)...)
	g.b.emit(mov(ir.R3, g.scalar()), aluImm(ir.ClassALU64, ir.ALUAnd, ir.R3, 3), call(12))
}

// spillFill spills the context (or a map value) to the stack, fills it back
// and dereferences it; a mistake clobbers part of the slot or fills it with
// a narrower load.
func (g *gen) spillFill() {
	slot := -8 * int16(3+g.rng.Intn(5))
	g.ptrSlot[(512+int(slot))/8] = true
	if g.chance(2) {
		g.b.emit(stx(ir.SizeDW, ir.R10, rCtx, slot))
		g.clobberSlot(slot)
		g.b.emit(ldx(ir.SizeDW, ir.R3, ir.R10, slot))
		off, sz := g.ctxOff(false)
		g.b.emit(ldx(sz, g.scalar(), ir.R3, off))
		return
	}
	m := []int{mapHash, mapArray}[g.rng.Intn(2)]
	g.lookup(m)
	skip := g.b.newLabel()
	g.b.jump(jmpImm(ir.ClassJMP, ir.JumpJEQ, ir.R0, 0), skip)
	g.b.emit(stx(ir.SizeDW, ir.R10, ir.R0, slot))
	g.b.emit(call(7)) // get_prandom_u32 clobbers r0-r5
	g.clobberSlot(slot)
	g.b.emit(ldx(ir.SizeDW, ir.R4, ir.R10, slot))
	g.valueAccess(ir.R4, m)
	g.b.bind(skip)
}

func (g *gen) clobberSlot(slot int16) {
	if g.mistake() {
		if g.chance(2) {
			g.b.emit(st(ir.SizeB, ir.R10, slot+int16(g.rng.Intn(8)), 0))
		} else {
			g.b.emit(ldx(ir.SizeW, ir.R3, ir.R10, slot))
		}
	}
}

// xadd adds atomically to an initialised stack slot.
func (g *gen) xadd() {
	sz := []ir.Size{ir.SizeW, ir.SizeDW}[g.rng.Intn(2)]
	off := -int16(sz.Bytes()) * int16(1+g.rng.Intn(32/sz.Bytes()))
	if g.holdsPtr(int(off), sz.Bytes()) {
		g.storeStack(off, sz, false)
	} else if !g.initialised(int(off), sz.Bytes()) {
		if g.mistake() {
			g.uninit = true
		} else {
			g.storeStack(off, sz, true)
		}
	}
	g.b.emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassSTX, ir.ModeATOMIC, sz), Dst: ir.R10, Src: g.scalar(), Off: off})
}

var aluOps = []ir.ALUOp{ir.ALUAdd, ir.ALUSub, ir.ALUMul, ir.ALUDiv, ir.ALUOr, ir.ALUAnd, ir.ALULsh, ir.ALURsh, ir.ALUNeg, ir.ALUMod, ir.ALUXor, ir.ALUMov, ir.ALUArsh, ir.ALUEnd}

// aluChain computes on the scalar registers with 32- and 64-bit ops.
func (g *gen) aluChain() {
	for i := 1 + g.rng.Intn(6); i > 0; i-- {
		c := ir.ClassALU64
		if g.chance(2) {
			c = ir.ClassALU
		}
		op := aluOps[g.rng.Intn(len(aluOps))]
		dst := g.scalar()
		switch op {
		case ir.ALUNeg:
			g.b.emit(aluImm(c, op, dst, 0))
		case ir.ALUEnd:
			g.b.emit(ir.Instruction{Opcode: ir.ALUOpcode(ir.ClassALU, op, ir.Source(8*g.rng.Intn(2))), Dst: dst, Imm: []int32{16, 32, 64}[g.rng.Intn(3)]})
		case ir.ALULsh, ir.ALURsh, ir.ALUArsh:
			n := int32(g.rng.Intn(32))
			if c == ir.ClassALU64 {
				n = int32(g.rng.Intn(64))
			}
			if g.chance(2) {
				g.b.emit(aluImm(c, op, dst, n))
			} else {
				g.b.emit(movImm(ir.R1, n), aluReg(c, op, dst, ir.R1))
			}
		case ir.ALUDiv, ir.ALUMod:
			if g.chance(2) {
				g.b.emit(aluReg(c, op, dst, g.scalar()))
			} else {
				imm := g.imm()
				if imm == 0 {
					imm = 3
				}
				g.b.emit(aluImm(c, op, dst, imm))
			}
		default:
			if g.chance(2) {
				g.b.emit(aluReg(c, op, dst, g.scalar()))
			} else {
				g.b.emit(aluImm(c, op, dst, g.imm()))
			}
		}
	}
}

var jumpOps = []ir.JumpOp{ir.JumpJEQ, ir.JumpJGT, ir.JumpJGE, ir.JumpJSET, ir.JumpJNE, ir.JumpJSGT, ir.JumpJSGE, ir.JumpJLT, ir.JumpJLE, ir.JumpJSLT, ir.JumpJSLE}

// jmpChain branches over short ALU sequences on scalar conditions (JMP32
// in modern programs).
func (g *gen) jmpChain() {
	for i := 1 + g.rng.Intn(3); i > 0; i-- {
		c := ir.ClassJMP
		ops := jumpOps[:7] // the 2015 conditions
		if g.modern {
			ops = jumpOps
			if g.chance(2) {
				c = ir.ClassJMP32
			}
		}
		op := ops[g.rng.Intn(len(ops))]
		skip := g.b.newLabel()
		if g.chance(2) {
			g.b.jump(jmpImm(c, op, g.scalar(), g.imm()), skip)
		} else {
			g.b.jump(jmpReg(c, op, g.scalar(), g.scalar()), skip)
		}
		g.aluChain()
		g.b.bind(skip)
	}
}
