package proof

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/smt"
)

// check is one safety condition met while stepping an instruction.
type check struct {
	kind  string // "load", "store", "atomic", "helper-arg"
	reg   int
	off   int
	size  int
	write bool
	s     safety
}

// errUnmodelled reports an instruction the encoding does not cover.
type errUnmodelled struct {
	insn int
	what string
}

func (e *errUnmodelled) Error() string {
	return fmt.Sprintf("insn %d: %s is not modelled", e.insn, e.what)
}

// srcValue is the source operand: a register or the sign-extended imm.
func (e *encoder) srcValue(st *state, ins ir.Instruction) value {
	if ins.Opcode.Source() == ir.SourceX {
		return st.regs[ins.Src]
	}
	return value{v: e.k64(uint64(int64(ins.Imm))), init: true}
}

// memChecks lists the safety conditions of insn idx in state st, before the
// instruction runs.
func (e *encoder) memChecks(st *state, idx int) []check {
	ins := e.prog.Insns[idx].PlainAccess()
	size := ins.Opcode.Size().Bytes()
	switch ins.Opcode.Class() {
	case ir.ClassLDX:
		if ins.Src >= 11 {
			return nil
		}
		return []check{{kind: "load", reg: int(ins.Src), off: int(ins.Off), size: size,
			s: e.accessSafety(st, st.regs[ins.Src], ins.Off, size, false)}}
	case ir.ClassST, ir.ClassSTX:
		if ins.Dst >= 11 {
			return nil
		}
		if ins.Opcode.Mode() == ir.ModeATOMIC {
			rd := e.accessSafety(st, st.regs[ins.Dst], ins.Off, size, false)
			wr := e.accessSafety(st, st.regs[ins.Dst], ins.Off, size, true)
			rd.fault = rd.fault.OrB(wr.fault)
			return []check{{kind: "atomic", reg: int(ins.Dst), off: int(ins.Off), size: size, write: true, s: rd}}
		}
		return []check{{kind: "store", reg: int(ins.Dst), off: int(ins.Off), size: size, write: true,
			s: e.accessSafety(st, st.regs[ins.Dst], ins.Off, size, true)}}
	case ir.ClassJMP:
		if ins.Opcode.JumpOp() == ir.JumpCall && ins.Src == ir.CallHelper {
			return e.helperChecks(st, ins.Imm)
		}
	}
	return nil
}

// helperChecks are the stack buffers a 2015 helper reads or writes.
func (e *encoder) helperChecks(st *state, id int32) []check {
	h, ok := absint.HelperByID(id)
	if !ok {
		return nil
	}
	var out []check
	mapIdx := -1
	for i, a := range h.Args {
		r := i + 1
		v := st.regs[r]
		switch a {
		case absint.ArgConstMapPtr:
			if v.k == kMapPtr {
				mapIdx = v.reg
			}
		case absint.ArgPtrToMapKey, absint.ArgPtrToMapValue:
			if mapIdx < 0 {
				continue
			}
			n := int(e.prog.Maps[mapIdx].KeySize)
			if a == absint.ArgPtrToMapValue {
				n = int(e.prog.Maps[mapIdx].ValueSize)
			}
			out = append(out, check{kind: "helper-arg", reg: r, size: n, s: e.stackRange(st, v, n, false)})
		case absint.ArgConstStackSize:
			n, ok := v.v.Numeral()
			if !ok {
				n = 0
			}
			if int32(n) <= 0 {
				continue // an empty buffer touches no memory
			}
			write := id == 4 || id == 16 || id == 20 // probe_read, get_current_comm, skb_get_tunnel_key fill the buffer
			out = append(out, check{kind: "helper-arg", reg: r - 1, size: int(int32(n)), write: write,
				s: e.stackRange(st, st.regs[r-1], int(int32(n)), write)})
		}
	}
	return out
}

// step applies insn idx to st (its checks already assumed to hold). next
// is the fall-through successor, cond the Boolean of a conditional jump
// (taken to target), exit the end of the path.
func (e *encoder) step(st *state, idx int) (next, target int, cond smt.Term, isCond, exit bool, err error) {
	ins := e.prog.Insns[idx].PlainAccess()
	next = idx + 1
	if ins.Dst >= 11 || ins.Src >= 11 && ins.Opcode.Class() != ir.ClassLD {
		return 0, 0, cond, false, false, &errUnmodelled{idx, "a register above r10"}
	}
	switch cl := ins.Opcode.Class(); cl {
	case ir.ClassALU, ir.ClassALU64:
		e.alu(st, ins)
	case ir.ClassLDX:
		signed := ins.Opcode.Mode() == ir.ModeMEMSX
		base := st.regs[ins.Src]
		if v, ok := e.ctxPointer(base, ins.Off, ins.Opcode.Size().Bytes()); ok {
			st.regs[ins.Dst] = v
			break
		}
		st.regs[ins.Dst] = e.load(st, base, ins.Off, ins.Opcode.Size().Bytes(), signed)
	case ir.ClassST:
		e.store(st, st.regs[ins.Dst], ins.Off, ins.Opcode.Size().Bytes(), value{v: e.k64(uint64(int64(ins.Imm))), init: true})
	case ir.ClassSTX:
		n := ins.Opcode.Size().Bytes()
		if ins.Opcode.Mode() == ir.ModeATOMIC {
			return next, 0, cond, false, false, e.atomic(st, idx, ins, n)
		}
		e.store(st, st.regs[ins.Dst], ins.Off, n, st.regs[ins.Src])
	case ir.ClassLD:
		switch ins.Opcode.Mode() {
		case ir.ModeIMM:
			e.ldImm(st, idx, ins)
			next = idx + 2
		case ir.ModeABS, ir.ModeIND:
			e.ldAbs(st, ins, idx)
		default:
			return 0, 0, cond, false, false, &errUnmodelled{idx, "this BPF_LD mode"}
		}
	case ir.ClassJMP, ir.ClassJMP32:
		switch op := ins.Opcode.JumpOp(); {
		case op == ir.JumpExit && cl == ir.ClassJMP:
			if len(st.frames) > 0 {
				return e.ret(st), 0, cond, false, false, nil
			}
			return 0, 0, cond, false, true, nil
		case op == ir.JumpJA:
			if cl == ir.ClassJMP32 {
				return idx + int(ins.Imm) + 1, 0, cond, false, false, nil
			}
			return idx + int(ins.Off) + 1, 0, cond, false, false, nil
		case op == ir.JumpCall && cl == ir.ClassJMP:
			if ins.Src == ir.CallLocal {
				t, err := e.localCall(st, idx, idx+int(ins.Imm)+1)
				return t, 0, cond, false, false, err
			}
			if ins.Src != ir.CallHelper {
				return 0, 0, cond, false, false, &errUnmodelled{idx, "a kfunc call"}
			}
			e.call(st, idx, ins.Imm)
		default:
			c, ok := e.condTerm(ins, st.regs[ins.Dst].v, e.srcValue(st, ins).v)
			if !ok {
				return 0, 0, cond, false, false, &errUnmodelled{idx, "this jump opcode"}
			}
			return next, idx + int(ins.Off) + 1, c, true, false, nil
		}
	}
	return next, 0, cond, false, false, nil
}

// alu applies an ALU instruction, tracking pointers through adding and
// subtracting scalars (64-bit only) and moves.
func (e *encoder) alu(st *state, ins ir.Instruction) {
	d := st.regs[ins.Dst]
	s := e.srcValue(st, ins)
	op := ins.Opcode.ALUOp()
	alu64 := ins.Opcode.Class() == ir.ClassALU64
	out := value{v: e.aluValue(st, ins, d.v, s.v), init: true}
	switch {
	case alu64 && op == ir.ALUMov && ins.Off == 0:
		out = s
		if ins.Opcode.Source() == ir.SourceK {
			out = value{v: e.k64(uint64(int64(ins.Imm))), init: true}
		}
	case alu64 && op == ir.ALUAdd && d.k != kScalar && d.k != kMapPtr && s.k == kScalar:
		out.k, out.reg, out.off = d.k, d.reg, d.off.Add(s.v)
	case alu64 && op == ir.ALUAdd && s.k != kScalar && s.k != kMapPtr && d.k == kScalar:
		out.k, out.reg, out.off = s.k, s.reg, s.off.Add(d.v)
	case alu64 && op == ir.ALUSub && d.k != kScalar && d.k != kMapPtr && s.k == kScalar:
		out.k, out.reg, out.off = d.k, d.reg, d.off.Sub(s.v)
	}
	st.regs[ins.Dst] = out
}

// ldImm is LD_IMM64: a map reference becomes the handle exec gives it.
func (e *encoder) ldImm(st *state, idx int, ins ir.Instruction) {
	var hi int32
	if idx+1 < len(e.prog.Insns) {
		hi = e.prog.Insns[idx+1].Imm
	}
	switch ins.Src {
	case ir.PseudoMapFD:
		st.regs[ins.Dst] = value{v: e.k64(engine.MapHandle(int(ins.Imm))), k: kMapPtr, reg: int(ins.Imm), init: true}
	case ir.PseudoNone:
		st.regs[ins.Dst] = value{v: e.k64(uint64(uint32(ins.Imm)) | uint64(uint32(hi))<<32), init: true}
	case ir.PseudoMapValue:
		st.regs[ins.Dst] = e.globalValue(st, idx, int(ins.Imm), int64(hi))
	default:
		st.regs[ins.Dst] = value{v: e.fresh("ldimm", 64), init: true}
	}
}

// ldAbs is LD_ABS/LD_IND: a big-endian packet load; on the path it
// continues, the load was in bounds (else the program returned 0).
func (e *encoder) ldAbs(st *state, ins ir.Instruction, idx int) {
	n := ins.Opcode.Size().Bytes()
	off := e.k64(uint64(int64(ins.Imm)))
	if ins.Opcode.Mode() == ir.ModeIND && ins.Src < 11 {
		off = off.Add(low32(st.regs[ins.Src].v).SignExt(32))
	}
	inBounds := e.k64(0).SLe(off).AndB(off.Add(e.k64(uint64(n))).SLe(e.pktLen))
	e.c.Assert(inBounds)
	pkt := st.mem[regPacket]
	v := pkt.Select(off)
	for i := 1; i < n; i++ {
		v = v.Concat(pkt.Select(off.Add(e.k64(uint64(i)))))
	}
	if n < 8 {
		v = v.ZeroExt(64 - 8*n)
	}
	e.clobber(st)
	st.regs[0] = value{v: v, init: true}
}

// clobber makes r1-r5 unreadable (exec leaves their values).
func (e *encoder) clobber(st *state) {
	for r := 1; r <= 5; r++ {
		st.regs[r].init = false
	}
}

// atomic is an atomic read-modify-write of n bytes.
func (e *encoder) atomic(st *state, idx int, ins ir.Instruction, n int) error {
	base := st.regs[ins.Dst]
	old := e.load(st, base, ins.Off, n, false)
	src := st.regs[ins.Src]
	op := ins.Imm &^ ir.AtomicFetch
	fetch := ins.Imm&ir.AtomicFetch != 0
	var nv smt.Term
	switch op {
	case ir.AtomicAdd:
		nv = old.v.Add(src.v)
	case ir.AtomicOr:
		nv = old.v.Or(src.v)
	case ir.AtomicAnd:
		nv = old.v.And(src.v)
	case ir.AtomicXor:
		nv = old.v.Xor(src.v)
	case ir.AtomicXchg &^ ir.AtomicFetch:
		nv = src.v
	case ir.AtomicCmpXchg &^ ir.AtomicFetch:
		r0 := st.regs[0].v
		a, b := old.v, r0
		if n == 4 {
			a, b = low32(a), low32(b)
		}
		nv = a.Eq(b).Ite(src.v, old.v)
		e.store(st, base, ins.Off, n, value{v: nv, init: true})
		st.regs[0] = old
		return nil
	default:
		return &errUnmodelled{idx, "this atomic operation"}
	}
	e.store(st, base, ins.Off, n, value{v: nv, init: true})
	if fetch {
		st.regs[ins.Src] = old
	}
	return nil
}

// ctxPointer is a modern context load that yields a packet pointer.
func (e *encoder) ctxPointer(base value, off int16, n int) (value, bool) {
	if e.layout == nil || base.k != kCtx {
		return value{}, false
	}
	o, ok := base.off.Numeral()
	if !ok {
		return value{}, false
	}
	f, ok := e.layout.FieldAt(int(int64(o)+int64(off)), n)
	if !ok {
		return value{}, false
	}
	pkt := e.regions[regPacket]
	if f.Yields != platform.YieldScalar && f.Yields != platform.YieldPacket && f.Yields != platform.YieldPacketEnd {
		e.ctxPointers = true
	}
	switch f.Yields {
	case platform.YieldPacket:
		return value{v: pkt.base, k: kPacket, reg: regPacket, off: e.k64(0), init: true}, true
	case platform.YieldPacketEnd:
		return value{v: pkt.base.Add(e.pktLen), k: kPacket, reg: regPacket, off: e.pktLen, init: true}, true
	case platform.YieldScalar:
		return value{}, false
	}
	return value{v: e.fresh("ctxptr", 64), init: true}, true // a pointer the encoding does not follow
}

// globalValue is a direct pointer into the single value of an array map
// (global data): a region like a lookup's, always found, at offset off.
func (e *encoder) globalValue(st *state, idx, m int, off int64) value {
	if m < 0 || m >= len(e.prog.Maps) {
		return value{v: e.fresh("ldimm", 64), init: true}
	}
	spec := e.prog.Maps[m]
	key := make([]termT, spec.KeySize)
	for i := range key {
		key[i] = e.c.Const(0, 8)
	}
	i, err := e.addRegion(st, region{k: kMapValue, name: "global", size: int(spec.ValueSize), mapIdx: m, key: key, insn: idx, found: e.c.Bool(true)})
	if err != nil {
		return value{v: e.fresh("ldimm", 64), init: true}
	}
	return value{v: e.regions[i].base.Add(e.s64(off)), k: kMapValue, reg: i, off: e.s64(off), init: true}
}

// maxFrames is the call depth the encoding follows (the kernel's limit).
const maxFrames = 8

// localCall is a bpf-to-bpf call from idx to target: r1-r5 pass on, the
// callee gets a fresh 512-byte frame (r10), r6-r9 and the caller's stack
// bookkeeping are saved for the return. Global functions are followed like
// static ones: a proof is about the runs of this program, which enter a
// global function only through its calls.
func (e *encoder) localCall(st *state, idx, target int) (int, error) {
	if target < 0 || target >= len(e.prog.Insns) {
		return 0, &errUnmodelled{idx, "a call out of the program"}
	}
	if len(st.frames)+1 >= maxFrames {
		return 0, &errUnmodelled{idx, "a call deeper than 8 frames"}
	}
	f := callFrame{ret: idx + 1, stackReg: st.stackReg, stackInit: st.stackInit, spills: st.spills}
	copy(f.saved[:], st.regs[6:11])
	stack, err := e.addRegion(st, region{k: kStack, name: "stack", size: stackSize})
	if err != nil {
		return 0, err
	}
	st.frames = append(st.frames, f)
	st.stackReg = stack
	st.stackInit, st.spills = [512]bool{}, [64]spill{}
	st.regs[10] = value{v: e.regions[stack].base, k: kStack, reg: stack, off: e.k64(0), init: true}
	st.regs[0].init = false
	for r := 6; r <= 9; r++ {
		st.regs[r].init = false
	}
	return target, nil
}

// ret is the exit of a callee: r0 is its result, r6-r10 and the caller's
// stack come back, r1-r5 are clobbered.
func (e *encoder) ret(st *state) int {
	f := st.frames[len(st.frames)-1]
	st.frames = st.frames[:len(st.frames)-1]
	copy(st.regs[6:11], f.saved[:])
	st.stackReg, st.stackInit, st.spills = f.stackReg, f.stackInit, f.spills
	e.clobber(st)
	return f.ret
}
