package absint

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/absint/scalar"
	"github.com/bpfcheck/bpfcheck/ir"
)

// reg returns register r of the current frame for reading: it must exist
// and hold a value.
func (w *mwalker) reg(r ir.Register) (*mreg, *merr) {
	if r > ir.R10 {
		return nil, mfail("invalid-register", Obligation{Kind: ObWellFormed, Reg: int(r)}, r)
	}
	g := &w.cur.cur().regs[r]
	w.record(Obligation{Insn: w.at, Kind: ObReadable, Reg: int(r), Holds: true})
	if g.t == mNotInit {
		return nil, mfail("uninit-register", Obligation{Kind: ObReadable, Reg: int(r)}, r)
	}
	return g, nil
}

// dst returns register r of the current frame for writing.
func (w *mwalker) dst(r ir.Register) (*mreg, *merr) {
	if r > ir.R10 {
		return nil, mfail("invalid-register", Obligation{Kind: ObWellFormed, Reg: int(r)}, r)
	}
	if r == ir.R10 {
		return nil, mfail("frame-pointer-write", Obligation{Kind: ObWellFormed, Reg: 10})
	}
	return &w.cur.cur().regs[r], nil
}

// reserved is an encoding the kernel refuses: a field that must be zero
// is not, or an opcode of the class is unknown (key names the message).
func reserved(key string, args ...any) *merr {
	return mfail(key, Obligation{Kind: ObWellFormed, Reg: -1}, args...)
}

// step checks instruction i on the current path and applies its effect.
// It returns the next instruction, or done when the path ends.
func (w *mwalker) step(i int) (int, bool, *merr) {
	w.at = i
	in := w.insns[i]
	op := in.Opcode
	switch op.Class() {
	case ir.ClassALU, ir.ClassALU64:
		return i + 1, false, w.alu(in)
	case ir.ClassLDX:
		return i + 1, false, w.ldx(in)
	case ir.ClassST, ir.ClassSTX:
		return i + 1, false, w.store(in)
	case ir.ClassLD:
		if op.IsLoadImm64() {
			return i + 2, false, w.ldImm64(i)
		}
		return i + 1, false, w.ldAbs(in)
	}
	switch op.JumpOp() {
	case ir.JumpCall:
		if op.Class() != ir.ClassJMP {
			return 0, false, w.unknownOpcode(in)
		}
		return w.call(i, in)
	case ir.JumpExit:
		if op.Class() != ir.ClassJMP || op.Source() != ir.SourceK || in.Imm != 0 || in.Src != 0 || in.Dst != 0 || in.Off != 0 {
			return 0, false, reserved("exit-reserved-fields")
		}
		return w.exit(i)
	case ir.JumpJA:
		if op.Source() != ir.SourceK || in.Src != 0 || in.Dst != 0 || (op.Class() == ir.ClassJMP && in.Imm != 0) ||
			(op.Class() == ir.ClassJMP32 && in.Off != 0) {
			return 0, false, reserved("ja-reserved-fields")
		}
		if op.Class() == ir.ClassJMP32 {
			return i + 1 + int(in.Imm), false, nil
		}
		return i + 1 + int(in.Off), false, nil
	}
	return w.cond(i, in)
}

func (w *mwalker) unknownOpcode(in ir.Instruction) *merr {
	code := "invalid-alu-opcode"
	switch {
	case in.Opcode.Class().IsJump():
		code = "invalid-jmp-opcode"
	case in.Opcode.Class() == ir.ClassLD:
		code = "invalid-ld-mode"
	}
	return reserved(code, uint8(in.Opcode))
}

var aluOpNames = map[ir.ALUOp]string{ir.ALUAdd: "+=", ir.ALUSub: "-=", ir.ALUMul: "*=", ir.ALUDiv: "/=",
	ir.ALUOr: "|=", ir.ALUAnd: "&=", ir.ALULsh: "<<=", ir.ALURsh: ">>=", ir.ALUNeg: "neg", ir.ALUMod: "%=",
	ir.ALUXor: "^=", ir.ALUMov: "=", ir.ALUArsh: "s>>=", ir.ALUEnd: "endian"}

// alu is check_alu_op.
func (w *mwalker) alu(in ir.Instruction) *merr {
	op := in.Opcode.ALUOp()
	alu64 := in.Opcode.Class() == ir.ClassALU64
	x := in.Opcode.Source() == ir.SourceX
	if op > ir.ALUEnd {
		return w.unknownOpcode(in)
	}
	switch op {
	case ir.ALUNeg:
		if x || in.Src != 0 || in.Off != 0 || in.Imm != 0 {
			return reserved("neg-reserved-fields")
		}
	case ir.ALUEnd:
		if in.Src != 0 || in.Off != 0 || (in.Imm != 16 && in.Imm != 32 && in.Imm != 64) || (alu64 && x) {
			return reserved("end-reserved-fields")
		}
	case ir.ALUMov:
		if x {
			if in.Imm != 0 || (in.Off != 0 && in.Off != 8 && in.Off != 16 && (in.Off != 32 || !alu64)) {
				return reserved("mov-reserved-fields")
			}
		} else if in.Src != 0 || in.Off != 0 {
			return reserved("mov-reserved-fields")
		}
	default:
		okOff := in.Off == 0 || (in.Off == 1 && (op == ir.ALUDiv || op == ir.ALUMod))
		if x && (in.Imm != 0 || !okOff) || !x && (in.Src != 0 || !okOff) {
			return reserved("alu-reserved-fields")
		}
	}
	var src mreg
	if x && op != ir.ALUNeg && op != ir.ALUEnd {
		s, e := w.reg(in.Src)
		if e != nil {
			return e
		}
		src = *s
	} else if op == ir.ALUMov || !x {
		if alu64 {
			src = constReg(uint64(int64(in.Imm)))
		} else {
			src = constReg(uint64(uint32(in.Imm)))
		}
	}
	if op != ir.ALUMov {
		if _, e := w.reg(in.Dst); e != nil {
			return e
		}
	}
	d, e := w.dst(in.Dst)
	if e != nil {
		return e
	}
	bits := uint64(32)
	if alu64 {
		bits = 64
	}
	if !x && (op == ir.ALUDiv || op == ir.ALUMod) && in.Imm == 0 {
		return mfail("div-by-zero", Obligation{Kind: ObWellFormed, Reg: -1})
	}
	if !x && (op == ir.ALULsh || op == ir.ALURsh || op == ir.ALUArsh) && uint64(uint32(in.Imm)) >= bits {
		return mfail("invalid-shift", Obligation{Kind: ObWellFormed, Reg: -1}, in.Imm)
	}
	switch op {
	case ir.ALUMov:
		return w.mov(in, d, src, alu64, x)
	case ir.ALUNeg, ir.ALUEnd:
		if d.isPtr() {
			return mfail("pointer-arith/unary", Obligation{Kind: ObType, Reg: int(in.Dst), Want: "scalar"}, in.Dst)
		}
		if op == ir.ALUNeg {
			*d = scalarReg(scalar.Neg(alu64, d.v))
		} else {
			k := scalar.SwapToLE
			if alu64 {
				k = scalar.SwapAlways
			} else if x {
				k = scalar.SwapToBE
			}
			*d = scalarReg(scalar.Swap(k, int(in.Imm), d.v))
		}
		return nil
	}
	if d.isPtr() || src.isPtr() {
		return w.ptrALU(in, d, src, alu64)
	}
	// Like the kernel, forget what it does not track (division, modulo,
	// shifts by a variable amount), even for 32-bit operations.
	v := scalar.Unknown()
	if scalar.KernelTracks(op, alu64, src.v) {
		v = scalar.Binary(op, alu64, in.Off, d.v, src.v)
	}
	id, off, flags := linkAfterAdd(d, op, alu64, src)
	*d = scalarReg(v)
	d.id, d.off, d.flags = id, off, flags
	return nil
}

// linkAfterAdd is how `dst += const` keeps dst linked to its copies with
// the constant as their difference (once); any other operation unlinks.
func linkAfterAdd(d *mreg, op ir.ALUOp, alu64 bool, src mreg) (uint32, int32, uint8) {
	c, ok := src.v.Const()
	if d.id == 0 || !ok || (op != ir.ALUAdd && op != ir.ALUSub) || d.flags&fAddConst != 0 {
		return 0, 0, 0
	}
	val := int64(c)
	flags := fAddConst
	if !alu64 {
		// Only a value without bits above 32 stays related to its copies.
		if d.v.UMax > 1<<32-1 {
			return 0, 0, 0
		}
		val, flags = int64(int32(uint32(c))), fAddConst|fAddConst32
	}
	if val < -1<<31 || val > 1<<31-1 {
		return 0, 0, 0
	}
	off := int32(val)
	if op == ir.ALUSub {
		if off == -1<<31 {
			return 0, 0, 0
		}
		off = -off
	}
	return d.id, off, flags
}

func (w *mwalker) mov(in ir.Instruction, d *mreg, src mreg, alu64, x bool) *merr {
	if !x {
		*d = src
		return nil
	}
	s := &w.cur.cur().regs[in.Src]
	if in.Off != 0 { // movsx
		if src.isPtr() {
			*d = unknownReg()
			if !alu64 {
				d.v = scalar.Zext32(d.v)
			}
			return nil
		}
		*d = scalarReg(kernelSext(alu64, int(in.Off), src.v))
		return nil
	}
	if alu64 {
		w.linkForCopy(s)
		*d = *s
		return nil
	}
	if src.isPtr() {
		// A privileged program may leak a pointer's low half as a number.
		*d = scalarReg(scalar.Zext32(scalar.Unknown()))
		return nil
	}
	// w1 = w2 links the two when w2's value has no bits above 32.
	narrow := s.v.UMax <= 1<<32-1
	if narrow {
		w.linkForCopy(s)
	}
	*d = *s
	d.v = scalar.Zext32(s.v)
	if !narrow {
		d.id, d.off, d.flags = 0, 0, 0
	}
	return nil
}

// linkForCopy gives a scalar about to be copied an id, so that what a
// comparison learns about either copy holds for both.
func (w *mwalker) linkForCopy(s *mreg) {
	if s.t == mScalar && s.id == 0 {
		if _, c := s.v.Const(); !c {
			s.id = w.newID()
		}
	}
}

// kernelSext is a sign extension of the low bits of v as the kernel
// computes it (coerce_reg_to_size_sx): exact for a constant, else from the
// signed range alone, when the high bits above the width agree and the
// extended bounds have one sign; otherwise the width's whole signed range.
func kernelSext(alu64 bool, bits int, v scalar.Value) scalar.Value {
	if c, ok := v.Const(); ok {
		return scalar.MovSX(alu64, bits, scalar.Const(c))
	}
	smin, smax := v.SMin, v.SMax
	if !alu64 {
		smin, smax = int64(v.S32Min), int64(v.S32Max)
	}
	ext := func(x int64) int64 {
		sh := 64 - bits
		return x << sh >> sh
	}
	r := scalar.FromSRange(-(1 << (bits - 1)), 1<<(bits-1)-1)
	if uint64(smax)>>bits == uint64(smin)>>bits || !alu64 && uint32(smax)>>bits == uint32(smin)>>bits {
		lo, hi := ext(smin), ext(smax)
		lo, hi = min(lo, hi), max(lo, hi)
		if (lo >= 0) == (hi >= 0) {
			r = scalar.FromSRange(lo, hi)
		}
	}
	if !alu64 {
		return scalar.Zext32(r)
	}
	return r
}

// ptrALU is adjust_ptr_min_max_vals: arithmetic with a pointer operand.
func (w *mwalker) ptrALU(in ir.Instruction, d *mreg, src mreg, alu64 bool) *merr {
	op := in.Opcode.ALUOp()
	dn := int(in.Dst)
	ob := Obligation{Kind: ObArith, Reg: dn}
	if d.isPtr() && src.isPtr() {
		if op == ir.ALUSub {
			*d = unknownReg()
			if !alu64 {
				d.v = scalar.Zext32(d.v)
			}
			return nil
		}
		return mfail("pointer-arith/ptr-ptr", ob, dn, aluOpNames[op])
	}
	if in.Opcode.Source() == ir.SourceX {
		if d.isPtr() {
			w.markPrecise(regBit(in.Src), len(w.trail)-1)
		} else {
			w.markPrecise(regBit(in.Dst), len(w.trail)-1)
		}
	}
	// The kernel's order: 32-bit arithmetic first (a privileged program
	// may subtract a pointer in 32 bits, getting a number: cilium's
	// "(u32)data - (u32)data_end"), then NULL, the pointer's type and its
	// offset, and only then scalar -= pointer.
	ptr, off := *d, src
	scalarDst := !d.isPtr()
	if scalarDst {
		ptr, off = src, *d
	}
	if !alu64 {
		if op == ir.ALUSub {
			*d = scalarReg(scalar.Zext32(scalar.Unknown()))
			return nil
		}
		return mfail("pointer-arith/alu32", ob, dn)
	}
	if ptr.isNull() {
		return mfail("pointer-arith/or-null", ob, dn, ptr.typeName())
	}
	c, known := off.v.Const()
	switch ptr.t {
	case mCtx, mMapValue, mMapKey, mStack, mPacket, mPacketMeta, mMem, mBTFID, mFunc:
	case mMapPtr:
		if known && c == 0 && op == ir.ALUAdd {
			break
		}
		fallthrough
	default:
		e := mfail("pointer-arith/type", ob, dn, ptr.typeName())
		if w.prof.Refine && ptr.t == mPacketEnd && (op == ir.ALUAdd || op == ir.ALUSub) {
			// data_end +/- n: a packet pointer the solver follows.
			w.deferCheck(e)
			*d = w.unboundedPtr(ptrReg(mPacket))
			return nil
		}
		return e
	}
	if e := w.saneOffset(&off, &ptr, ob); e != nil {
		if w.prof.Refine && refinableArith(ptr.t, e.code) {
			w.deferCheck(e)
			*d = w.unboundedPtr(ptr)
			return nil
		}
		return e
	}
	res := ptr
	switch op {
	case ir.ALUAdd:
		if known && int64(ptr.off)+int64(c) == int64(int32(int64(ptr.off)+int64(c))) {
			res.off = ptr.off + int32(int64(c))
			break
		}
		res.v = scalar.Binary(ir.ALUAdd, true, 0, ptr.v, off.v)
		if ptr.isPkt() {
			res.id, res.rng = w.newID(), 0
		}
	case ir.ALUSub:
		if scalarDst {
			return mfail("pointer-arith/scalar-sub", ob, dn)
		}
		if ptr.t == mStack {
			return mfail("pointer-arith/sub-stack", ob, dn)
		}
		if known && int64(ptr.off)-int64(c) == int64(int32(int64(ptr.off)-int64(c))) {
			res.off = ptr.off - int32(int64(c))
			break
		}
		res.v = scalar.Binary(ir.ALUSub, true, 0, ptr.v, off.v)
		if ptr.isPkt() {
			res.id, res.rng = w.newID(), 0
		}
	case ir.ALUAnd, ir.ALUOr, ir.ALUXor:
		return mfail("pointer-arith/bitwise", ob, dn, aluOpNames[op])
	default:
		return mfail("pointer-arith/op", ob, dn, aluOpNames[op])
	}
	if e := w.saneOffset(&res, &res, ob); e != nil {
		if w.prof.Refine && refinableArith(ptr.t, e.code) {
			w.deferCheck(e)
			*d = w.unboundedPtr(ptr)
			return nil
		}
		return e
	}
	w.record(Obligation{Insn: w.at, Kind: ObArith, Reg: dn, Holds: true})
	*d = res
	return nil
}

// saneOffset is check_reg_sane_offset for the register r added to a
// pointer of p's type.
func (w *mwalker) saneOffset(r, p *mreg, ob Obligation) *merr {
	lim := w.lim.maxVarOff
	tn := p.typeName()
	if c, ok := r.v.Const(); ok && (int64(c) >= lim || int64(c) <= -lim) {
		return mfail("pointer-offset/const", ob, tn, int64(c))
	}
	if int64(r.off) >= lim || int64(r.off) <= -lim {
		return mfail("pointer-offset/fixed", ob, tn, r.off)
	}
	if r.v.SMin == -1<<63 {
		return mfail("unbounded-pointer-math", ob, tn)
	}
	if r.v.SMin >= lim || r.v.SMin <= -lim {
		return mfail("pointer-offset/value", ob, r.v.SMin, tn)
	}
	return nil
}

// ldImm64 is check_ld_imm: constants, map pointers and map values.
func (w *mwalker) ldImm64(i int) *merr {
	in := w.insns[i]
	if i+1 >= len(w.insns) {
		return mfail("invalid-ld-imm64", Obligation{Kind: ObWellFormed, Reg: -1})
	}
	next := w.insns[i+1]
	if in.Off != 0 || next.Opcode != 0 || next.Dst != 0 || next.Src != 0 || next.Off != 0 {
		return mfail("invalid-ld-imm64", Obligation{Kind: ObWellFormed, Reg: -1})
	}
	d, e := w.dst(in.Dst)
	if e != nil {
		return e
	}
	switch in.Src {
	case ir.PseudoNone:
		*d = constReg(ir.Constant64(in, next))
	case ir.PseudoMapFD, ir.PseudoMapValue:
		idx := int(in.Imm)
		if idx < 0 || idx >= len(w.prog.Maps) {
			return mfail("invalid-map-fd", Obligation{Kind: ObWellFormed, Reg: -1}, in.Imm)
		}
		if in.Src == ir.PseudoMapFD {
			*d = ptrReg(mMapPtr)
			d.aux = int32(idx)
			if next.Imm != 0 {
				return mfail("invalid-ld-imm64", Obligation{Kind: ObWellFormed, Reg: -1})
			}
			return nil
		}
		m := w.prog.Maps[idx]
		if uint32(next.Imm) >= m.ValueSize {
			return mfail("bad-map-value-off", Obligation{Kind: ObWellFormed, Reg: -1}, m.ValueSize, uint32(next.Imm))
		}
		*d = ptrReg(mMapValue)
		d.aux, d.off = int32(idx), next.Imm
		if w.mapReadOnly(idx) {
			d.flags |= fRdonly
		}
	case ir.PseudoFunc:
		t := i + 1 + int(in.Imm)
		if t < 0 || t >= len(w.insns) || w.funcOf[t] != int32(t) {
			return mfail("bad-func-ptr", Obligation{Kind: ObWellFormed, Reg: -1})
		}
		// A callback needs the BTF func_info of an object (raw and text
		// programs have none), and static linkage.
		if len(w.prog.Funcs) == 0 {
			return mfail("missing-func-info", Obligation{Kind: ObWellFormed, Reg: -1})
		}
		if w.globalFunc(t) != nil {
			return mfail("callback-not-static", Obligation{Kind: ObWellFormed, Reg: -1})
		}
		*d = ptrReg(mFunc)
		d.aux = int32(t)
	case ir.PseudoBTFID:
		return w.ksym(d, in, next)
	default:
		return &merr{errno: "EINVAL", code: "unsupported-ld-imm64", unsupported: true,
			msg: fmt.Sprintf("ld_imm64 with src_reg %d (%s) is not supported by this profile", in.Src, pseudoName(in.Src)),
			ob:  Obligation{Kind: ObWellFormed, Reg: -1}}
	}
	return nil
}

func pseudoName(r ir.Register) string {
	switch r {
	case ir.PseudoBTFID:
		return "ksym btf_id"
	case ir.PseudoMapIdx, ir.PseudoMapIdxValue:
		return "map index"
	}
	return "unknown"
}
