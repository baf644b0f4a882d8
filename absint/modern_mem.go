package absint

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/absint/scalar"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// truncate is what a load of size bytes leaves of v (coerce_reg_to_size),
// sign-extended for a sign-extending load.
func truncate(v scalar.Value, size int, signed bool) scalar.Value {
	if signed && size < 8 {
		return scalar.SignExtendLoad(8*size, v)
	}
	return scalar.Trunc(8*size, v)
}

// unknownOfSize is a loaded number nothing is known about.
func unknownOfSize(size int, signed bool) mreg {
	if signed {
		return scalarReg(scalar.SignedLoadResult(size))
	}
	return scalarReg(scalar.LoadResult(size))
}

func tnumString(v scalar.Value) string {
	if v.T.Mask == 0 {
		return fmt.Sprintf("%d", int64(v.T.Value))
	}
	return fmt.Sprintf("(%#x; %#x)", v.T.Value, v.T.Mask)
}

// access describes one memory access for check.
type access struct {
	regno int   // the base register
	off   int   // the instruction's offset
	size  int   // bytes
	write bool  // a store (an atomic is checked as a load then a store)
	val   *mreg // the value stored (nil: unknown data, or stImm)
	stImm *int32
	sx    bool // sign-extending load
	// strict: alignment is checked whatever the pointer's region (the
	// atomics' strict_alignment_once); stack accesses always are.
	strict bool
}

// check is check_mem_access: the obligation that the access through base
// is safe, discharged with the domain; on a load it returns the value read.
func (w *mwalker) check(base *mreg, a access) (mreg, *merr) {
	ob := Obligation{Kind: ObAccess, Reg: a.regno, Size: a.size, Write: a.write}
	if base.t == mPacketEnd && w.prof.Refine {
		// precise: an access through data_end is a packet access at an
		// offset the domain does not know (the solver decides its bounds).
		b := w.unboundedPtr(ptrReg(mPacket))
		base = &b
	}
	if base.t == mScalar || base.t == mNotInit || base.isNull() || base.t == mPacketEnd || base.t == mMapPtr || base.t == mFunc {
		ob.Kind, ob.Want = ObType, "pointer"
		if base.isNull() {
			ob.Want = "non-null pointer"
		}
		return mreg{}, mfail("invalid-mem-access", ob, a.regno, base.typeName())
	}
	var (
		res mreg
		e   *merr
	)
	if a.strict {
		if e := strictAlign(base, a, &ob); e != nil {
			return mreg{}, e
		}
	}
	switch base.t {
	case mStack:
		ob.Region = RegionStack
		res, e = w.stackAccess(base, a, &ob)
	case mCtx:
		ob.Region = RegionCtx
		res, e = w.ctxAccess(base, a, &ob)
	case mMapValue, mMapKey, mMem:
		res, e = w.regionAccess(base, a, &ob)
	case mPacket, mPacketMeta:
		ob.Region = RegionPacket
		res, e = w.packetAccess(base, a, &ob)
	case mSock, mSockCommon, mTCPSock:
		ob.Region = RegionSocket
		res, e = w.sockAccess(base, a, &ob)
	case mBTFID:
		res, e = w.btfAccess(base, a, &ob)
	default:
		return mreg{}, &merr{unsupported: true, code: "unsupported-access", ob: ob,
			msg: fmt.Sprintf("R%d access through '%s' is not supported by this profile", a.regno, base.typeName())}
	}
	if e != nil && w.prof.Refine && refinable(base.t, e.code) {
		return w.deferAccess(a, ob, e)
	}
	if e != nil {
		return mreg{}, e
	}
	ob.Holds = true
	w.record(ob)
	return res, nil
}

// strictAlign is check_ptr_alignment with strict set, for every region
// but the stack (which stackAccess always checks): the pointer's every
// offset plus the access's is a multiple of its size (packets count the
// kernel's NET_IP_ALIGN of 2).
func strictAlign(base *mreg, a access, ob *Obligation) *merr {
	if a.size == 1 || base.t == mStack {
		return nil
	}
	desc := ""
	switch base.t {
	case mPacket, mPacketMeta:
		const ipAlign = 2
		if t := base.v.T; (t.Value+uint64(ipAlign+int64(base.off)+int64(a.off)))%uint64(a.size) != 0 || t.Mask&uint64(a.size-1) != 0 {
			return mfail("misaligned-access/packet", *ob, ipAlign, tnumString(base.v), base.off, a.off, a.size)
		}
		return nil
	case mMapKey:
		desc = "key "
	case mMapValue:
		desc = "value "
	case mCtx:
		desc = "context "
	case mSock:
		desc = "sock "
	case mSockCommon:
		desc = "sock_common "
	case mTCPSock:
		desc = "tcp_sock "
	}
	if t := base.v.T; (t.Value+uint64(int64(base.off)+int64(a.off)))%uint64(a.size) != 0 || t.Mask&uint64(a.size-1) != 0 {
		return mfail("misaligned-access/ptr", *ob, desc, tnumString(base.v), base.off, a.off, a.size)
	}
	return nil
}

// refinable reports the bounds failures the precise profile defers to the
// solver: map values and packets, never permissions or pointer types.
func refinable(t mtype, code string) bool {
	switch code {
	case "map-value-bounds", "negative-offset", "unbounded-access":
		return t == mMapValue || t == mPacket
	case "packet-out-of-range":
		return t == mPacket
	}
	return false
}

// deferAccess continues past an access the domain could not prove in
// bounds (the precise profile): a load gives an unknown value, and the
// access is left to Options.Discharge when the walk ends.
func (w *mwalker) deferAccess(a access, ob Obligation, e *merr) (mreg, *merr) {
	ob.Insn = w.at
	w.deferCheck(e)
	ob.Holds = true
	w.record(ob)
	if a.write {
		return mreg{}, nil
	}
	return unknownOfSize(a.size, a.sx), nil
}

// memBounds is check_mem_region_access: every offset the pointer may have,
// plus off, keeps [.., +size) inside [0, limit).
func (w *mwalker) memBounds(base *mreg, a access, off int64, limit int64, what string, ob *Obligation) *merr {
	regno := a.regno
	lo, hi := base.v.SMin, int64(base.v.UMax)
	ob.Off, ob.Limit = off+lo, limit
	ob.MaxOff = off + hi
	inside := func(o int64) bool { return o >= 0 && o+int64(a.size) <= limit }
	detail := func(o int64) string {
		switch what {
		case "map value":
			return fmt.Sprintf("invalid access to map value, value_size=%d off=%d size=%d", limit, o, a.size)
		case "map key":
			return fmt.Sprintf("invalid access to map key, key_size=%d off=%d size=%d", limit, o, a.size)
		}
		return fmt.Sprintf("invalid access to memory, mem_size=%d off=%d size=%d", limit, o, a.size)
	}
	if lo < 0 && (lo == -1<<63 || off+lo != int64(int32(off+lo)) || lo+off < 0) {
		return mfail("negative-offset", *ob, regno)
	}
	if !inside(lo + off) {
		e := mfail(boundsKey(what, false), *ob, regno)
		e.pre = []string{detail(lo + off)}
		return e
	}
	if base.v.UMax >= uint64(w.lim.maxVarOff) {
		return mfail("unbounded-access", *ob, regno)
	}
	if !inside(hi + off) {
		e := mfail(boundsKey(what, true), *ob, regno)
		e.pre = []string{detail(hi + off)}
		return e
	}
	return nil
}

// boundsKey is the message of an access whose lowest (or highest) offset
// is outside what's region.
func boundsKey(what string, max bool) string {
	switch {
	case what == "map value" && max:
		return "map-value-bounds/max"
	case what == "map value":
		return "map-value-bounds/min"
	case max:
		return "mem-bounds/max"
	}
	return "mem-bounds/min"
}

// regionAccess checks map values, map keys and helper memory.
func (w *mwalker) regionAccess(base *mreg, a access, ob *Obligation) (mreg, *merr) {
	off := int64(a.off) + int64(base.off)
	var limit int64
	what := "mem"
	switch base.t {
	case mMapValue:
		ob.Region, what = RegionMapValue, "map value"
		m := w.maps[base.aux]
		limit = int64(m.ValueSize)
		if a.write && base.flags&fRdonly != 0 {
			return mreg{}, mfail("readonly-map", *ob, limit, off, a.size)
		}

	case mMapKey:
		ob.Region, what = RegionMapKey, "map key"
		limit = int64(w.maps[base.aux].KeySize)
		if a.write {
			return mreg{}, mfail("readonly-mem", *ob, a.regno, base.typeName())
		}
	default:
		ob.Region = RegionMem
		limit = int64(base.aux)
		if a.write && base.flags&fRdonly != 0 {
			return mreg{}, mfail("readonly-mem", *ob, a.regno, base.typeName())
		}
		if base.flags&fUntrusted != 0 {
			// PTR_UNTRUSTED memory (a kernel pointer to something not a
			// struct) is read by probe: any offset, an unknown value.
			return unknownOfSize(a.size, a.sx), nil
		}
	}
	if e := w.memBounds(base, a, off, limit, what, ob); e != nil {
		return mreg{}, e
	}
	if base.t == mMapValue && w.maps[base.aux].HasSpinLock {
		// No load or store may touch the lock (check_map_access's
		// special fields), at any offset the pointer may have.
		lo, hi := off+base.v.SMin, off+int64(base.v.UMax)+int64(a.size)
		if lk := int64(w.maps[base.aux].SpinLockOff); lo < lk+4 && lk < hi {
			return mreg{}, mfail("spin-lock-access", *ob)
		}
	}
	if a.write {
		return mreg{}, nil
	}
	if base.t == mMapValue {
		if v, ok := w.rodataLoad(base, off, a.size); ok {
			return scalarReg(truncate(scalar.Const(v), a.size, a.sx)), nil
		}
	}
	return unknownOfSize(a.size, a.sx), nil
}

// packetAccess is check_packet_access: the fixed offset plus the access
// lies inside the range comparisons with data_end proved.
func (w *mwalker) packetAccess(base *mreg, a access, ob *Obligation) (mreg, *merr) {
	off := int64(a.off) + int64(base.off)
	ob.Off, ob.MaxOff, ob.Limit = off, off, int64(base.rng)
	if a.write && !w.rules.pktWrite {
		return mreg{}, mfail("packet-write", *ob)
	}
	if base.v.SMin < 0 {
		return mreg{}, mfail("negative-offset", *ob, a.regno)
	}
	if off < 0 || off+int64(a.size) > int64(base.rng) {
		e := mfail("packet-out-of-range", *ob, a.regno)
		e.pre = []string{fmt.Sprintf("invalid access to packet, off=%d size=%d, R%d(id=%d,off=%d,r=%d)",
			off, a.size, a.regno, base.id, base.off, base.rng)}
		return mreg{}, e
	}
	if a.write {
		return mreg{}, nil
	}
	return unknownOfSize(a.size, a.sx), nil
}

// ctxAccess checks a context access against the program type's layout.
func (w *mwalker) ctxAccess(base *mreg, a access, ob *Obligation) (mreg, *merr) {
	if base.off != 0 {
		return mreg{}, mfail("modified-ctx", *ob, a.regno, base.off)
	}
	if c, ok := base.v.Const(); !ok || c != 0 {
		return mreg{}, mfail("variable-ctx", *ob, tnumString(base.v))
	}
	off := a.off
	ob.Off, ob.MaxOff = int64(off), int64(off)
	bad := func() (mreg, *merr) {
		return mreg{}, mfail("invalid-ctx-access", *ob, off, a.size)
	}
	ctx := w.rules.ctx
	if ctx == nil {
		return bad()
	}
	ob.Limit = int64(ctx.Size)
	if off < 0 || off+a.size > ctx.Size || a.sx {
		return bad()
	}
	if ctx.BTFArgs {
		return w.btfCtxAccess(a, ob)
	}
	f, ok := ctx.Allows(off, a.size, a.write)
	if !ok {
		return bad()
	}
	if a.write {
		return mreg{}, nil
	}
	nullable := func(r mreg) (mreg, *merr) {
		if f.OrNull {
			r.flags, r.id = fNull, w.newID()
		}
		return r, nil
	}
	switch f.Yields {
	case platform.YieldPacket:
		return ptrReg(mPacket), nil
	case platform.YieldPacketEnd:
		return ptrReg(mPacketEnd), nil
	case platform.YieldPacketMeta:
		return ptrReg(mPacketMeta), nil
	case platform.YieldSocket:
		return nullable(ptrReg(mSock))
	case platform.YieldSockCommon:
		return nullable(ptrReg(mSockCommon))
	case platform.YieldBTFPointer, platform.YieldFlowKeys, platform.YieldTPBuffer:
		return mreg{}, &merr{unsupported: true, code: "unsupported-btf", ob: *ob,
			msg: fmt.Sprintf("ctx field %s is a BTF pointer (%s), not supported by this profile", f.Name, f.BTFType)}
	}
	return unknownOfSize(a.size, false), nil
}

// sockAccess is check_sock_access: a socket pointer (what the socket
// lookups return, or a context's sk field) is read-only, and a load must be
// one bpf_sock_is_valid_access (or its sock_common and tcp_sock
// variants) allows; the value read is a number. The layouts and their
// rules are platform's.
func (w *mwalker) sockAccess(base *mreg, a access, ob *Obligation) (mreg, *merr) {
	if a.write {
		return mreg{}, mfail("sock-write", *ob, a.regno, base.typeName())
	}
	var ctx *platform.Context
	switch base.t {
	case mSock:
		ctx = platform.SockContext618(false)
	case mSockCommon:
		ctx = platform.SockContext618(true)
	default:
		ctx = platform.TCPSockContext618()
	}
	off := int(base.off) + a.off
	ob.Off, ob.MaxOff, ob.Limit = int64(off), int64(off), int64(ctx.Size)
	c, known := base.v.Const()
	if _, ok := ctx.Allows(off, a.size, false); !ok || !known || c != 0 || off < 0 || off+a.size > ctx.Size || a.sx {
		return mreg{}, mfail("invalid-sock-access", *ob, a.regno, base.typeName(), off, a.size)
	}
	return unknownOfSize(a.size, false), nil
}

// ldx is a load: dst = *(size *)(src + off).
func (w *mwalker) ldx(in ir.Instruction) *merr {
	mode := in.Opcode.Mode()
	if (mode != ir.ModeMEM && mode != ir.ModeMEMSX) || in.Imm != 0 || (mode == ir.ModeMEMSX && in.Opcode.Size() == ir.SizeDW) {
		return reserved("ldx-reserved-fields")
	}
	base, e := w.reg(in.Src)
	if e != nil {
		return e
	}
	if _, e := w.dst(in.Dst); e != nil {
		return e
	}
	b := *base
	v, e := w.check(&b, access{regno: int(in.Src), off: int(in.Off), size: in.Opcode.Size().Bytes(), sx: mode == ir.ModeMEMSX})
	if e != nil {
		return e
	}
	w.cur.cur().regs[in.Dst] = v
	return nil
}

// store is ST, STX and the atomics.
func (w *mwalker) store(in ir.Instruction) *merr {
	mode := in.Opcode.Mode()
	size := in.Opcode.Size().Bytes()
	if in.Opcode.Class() == ir.ClassSTX && mode == ir.ModeATOMIC {
		return w.atomic(in)
	}
	if mode != ir.ModeMEM {
		return reserved(map[bool]string{true: "stx-reserved-fields", false: "st-reserved-fields"}[in.Opcode.Class() == ir.ClassSTX])
	}
	a := access{regno: int(in.Dst), off: int(in.Off), size: size, write: true}
	if in.Opcode.Class() == ir.ClassSTX {
		if in.Imm != 0 {
			return reserved("stx-reserved-fields")
		}
		v, e := w.reg(in.Src)
		if e != nil {
			return e
		}
		vv := *v
		a.val = &vv
	} else {
		if in.Src != 0 {
			return reserved("st-reserved-fields")
		}
		imm := in.Imm
		a.stImm = &imm
	}
	base, e := w.reg(in.Dst)
	if e != nil {
		return e
	}
	b := *base
	_, e = w.check(&b, a)
	return e
}

// atomicPtrOK is atomic_ptr_type_ok: atomics never touch the context,
// packets or sockets.
func atomicPtrOK(t mtype) bool {
	switch t {
	case mCtx, mPacket, mPacketMeta, mSock, mSockCommon, mTCPSock:
		return false
	}
	return true
}

// loadAcquire is check_atomic_load: a load with strict alignment, then
// the pointer type.
func (w *mwalker) loadAcquire(in ir.Instruction) *merr {
	base, e := w.reg(in.Src)
	if e != nil {
		return e
	}
	if _, e := w.dst(in.Dst); e != nil {
		return e
	}
	b := *base
	v, e := w.check(&b, access{regno: int(in.Src), off: int(in.Off), size: in.Opcode.Size().Bytes(), strict: true})
	if e != nil {
		return e
	}
	if !atomicPtrOK(b.t) {
		return mfail("atomic-type/load", Obligation{Kind: ObType, Reg: int(in.Src), Want: "stack, map_value or mem"}, in.Src, b.typeName())
	}
	w.cur.cur().regs[in.Dst] = v
	return nil
}

// storeRelease is check_atomic_store: a store with strict alignment, then
// the pointer type.
func (w *mwalker) storeRelease(in ir.Instruction) *merr {
	v, e := w.reg(in.Src)
	if e != nil {
		return e
	}
	vv := *v
	base, e := w.reg(in.Dst)
	if e != nil {
		return e
	}
	b := *base
	if _, e := w.check(&b, access{regno: int(in.Dst), off: int(in.Off), size: in.Opcode.Size().Bytes(), write: true, val: &vv, strict: true}); e != nil {
		return e
	}
	if !atomicPtrOK(b.t) {
		return mfail("atomic-type/store", Obligation{Kind: ObType, Reg: int(in.Dst), Want: "stack, map_value or mem"}, in.Dst, b.typeName())
	}
	return nil
}

// atomic is check_atomic.
func (w *mwalker) atomic(in ir.Instruction) *merr {
	size := in.Opcode.Size()
	switch in.Imm {
	case ir.AtomicLoadAcq:
		return w.loadAcquire(in)
	case ir.AtomicStoreRel:
		return w.storeRelease(in)
	case ir.AtomicAdd, ir.AtomicOr, ir.AtomicAnd, ir.AtomicXor,
		ir.AtomicAdd | ir.AtomicFetch, ir.AtomicOr | ir.AtomicFetch, ir.AtomicAnd | ir.AtomicFetch,
		ir.AtomicXor | ir.AtomicFetch, ir.AtomicXchg, ir.AtomicCmpXchg:
	default:
		return reserved("xadd-reserved-fields", in.Imm)
	}
	if size != ir.SizeW && size != ir.SizeDW {
		return mfail("atomic-size", Obligation{Kind: ObWellFormed, Reg: -1})
	}
	if _, e := w.reg(in.Src); e != nil {
		return e
	}
	if in.Imm == ir.AtomicCmpXchg {
		if _, e := w.reg(ir.R0); e != nil {
			return e
		}
	}
	base, e := w.reg(in.Dst)
	if e != nil {
		return e
	}
	if !atomicPtrOK(base.t) {
		return mfail("atomic-type/store", Obligation{Kind: ObType, Reg: int(in.Dst), Want: "stack, map_value or mem"}, in.Dst, base.typeName())
	}
	b := *base
	n := size.Bytes()
	old, e := w.check(&b, access{regno: int(in.Dst), off: int(in.Off), size: n, strict: true})
	if e != nil {
		return e
	}
	if _, e := w.check(&b, access{regno: int(in.Dst), off: int(in.Off), size: n, write: true, strict: true}); e != nil {
		return e
	}
	if in.Imm&ir.AtomicFetch != 0 {
		if old.t != mScalar {
			old = unknownOfSize(n, false)
		}
		dst := in.Src
		if in.Imm == ir.AtomicCmpXchg {
			dst = ir.R0
		}
		w.cur.cur().regs[dst] = old
	}
	return nil
}

// ldAbs is LD_ABS and LD_IND: legacy packet loads through the skb in r6.
func (w *mwalker) ldAbs(in ir.Instruction) *merr {
	mode := in.Opcode.Mode()
	if mode != ir.ModeABS && mode != ir.ModeIND {
		return w.unknownOpcode(in)
	}
	if !w.rules.ldAbs {
		return mfail("ld-abs-not-allowed", Obligation{Kind: ObWellFormed, Reg: -1})
	}
	if in.Dst != 0 || in.Off != 0 || in.Opcode.Size() == ir.SizeDW || (mode == ir.ModeABS && in.Src != 0) {
		return reserved("ld-abs-reserved-fields")
	}
	if w.cur.lock.held {
		return mfail("ld-abs-lock", Obligation{Kind: ObRelease, Reg: -1})
	}
	if len(w.cur.refs) > 0 {
		return mfail("ld-abs-refs", Obligation{Kind: ObRelease, Reg: -1})
	}
	r6, e := w.reg(ir.R6)
	if e != nil {
		return e
	}
	if r6.t != mCtx {
		return mfail("ld-abs-r6-not-ctx", Obligation{Kind: ObType, Reg: 6, Want: "ctx"})
	}
	if mode == ir.ModeIND {
		if _, e := w.reg(in.Src); e != nil {
			return e
		}
	}
	f := w.cur.cur()
	for r := ir.R1; r <= ir.R5; r++ {
		f.regs[r] = mreg{}
	}
	f.regs[0] = unknownOfSize(in.Opcode.Size().Bytes(), false)
	return nil
}

// rodataLoad reads a frozen read-only map's contents, when the program
// carries them.
func (w *mwalker) rodataLoad(base *mreg, off int64, size int) (uint64, bool) {
	if base.flags&fRdonly == 0 {
		return 0, false
	}
	c, ok := base.v.Const()
	if !ok {
		return 0, false
	}
	data := w.mapContents(int(base.aux))
	o := off + int64(c)
	if o < 0 || o+int64(size) > int64(len(data)) {
		return 0, false
	}
	var v uint64
	for i := size - 1; i >= 0; i-- {
		v = v<<8 | uint64(data[o+int64(i)])
	}
	return v, true
}
