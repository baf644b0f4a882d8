package absint

import (
	"fmt"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint/scalar"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// call dispatches BPF_CALL: helpers, bpf-to-bpf calls, kfuncs.
func (w *mwalker) call(i int, in ir.Instruction) (int, bool, *merr) {
	if in.Opcode.Source() != ir.SourceK || in.Off != 0 || in.Dst != 0 ||
		(in.Src != ir.CallHelper && in.Src != ir.CallLocal && in.Src != ir.CallKfunc) {
		return 0, false, reserved("call-reserved-fields")
	}
	if w.cur.lock.held && (in.Src == ir.CallHelper && in.Imm != helperSpinUnlock || in.Src == ir.CallKfunc) {
		return 0, false, mfail("call-in-lock", Obligation{Kind: ObCallArg, Reg: -1, Want: "no call while holding a lock"})
	}
	switch in.Src {
	case ir.CallLocal:
		return w.localCall(i, in)
	case ir.CallKfunc:
		if in.Imm == 0 {
			// The target kernel has no such function (the loader leaves
			// its id 0): the kernel lets the walk pass the call but
			// refuses it after, unless the walk never reached it.
			return 0, false, mfail("kfunc-not-found", Obligation{Kind: ObCallArg, Reg: -1})
		}
		return w.kfuncCall(i, in)
	}
	return i + 1, false, w.helperCall(i, in)
}

// localCall enters a static subprogram in a new frame.
func (w *mwalker) localCall(i int, in ir.Instruction) (int, bool, *merr) {
	target := i + 1 + int(in.Imm)
	if f := w.globalFunc(target); f != nil {
		// The loader encodes a call to a function the object lacks as
		// "call pc-1"; where that lands on a global function's entry (the
		// call is its first instruction) it must not be taken for a call
		// of that function, which would be assumed valid.
		for _, u := range w.prog.UndefinedCalls {
			if u.Insn == i {
				return 0, false, mfail("undefined-call", Obligation{Kind: ObWellFormed, Reg: -1}, u.Name)
			}
		}
		return w.globalCall(i, f)
	}
	if len(w.cur.frames) >= w.lim.callFrames {
		return 0, false, mfail("call-too-deep", Obligation{Kind: ObLimit, Reg: -1, Limit: int64(w.lim.callFrames)}, len(w.cur.frames)+1)
	}
	caller := w.cur.cur()
	callee := &mframe{callsite: i, entry: target}
	for r := 1; r <= 5; r++ {
		callee.regs[r] = caller.regs[r]
		caller.regs[r] = mreg{}
	}
	caller.regs[0] = mreg{}
	callee.regs[10] = ptrReg(mStack)
	callee.regs[10].frame = uint8(len(w.cur.frames))
	w.cur.frames = append(w.cur.frames, callee)
	return target, false, nil
}

// exit returns from a subprogram, or ends the path at the program's exit.
func (w *mwalker) exit(i int) (int, bool, *merr) {
	n := len(w.cur.frames)
	if n == 1 && w.rules.retVoid && w.entryFunc == nil && len(w.cur.refs) == 0 {
		return 0, true, nil // a void struct_ops member: r0 is not read
	}
	r0, e := w.reg(ir.R0)
	if e != nil {
		return 0, false, e
	}
	if n > 1 {
		// Like the kernel, refuse any stack pointer, even one into a
		// caller's frame that would stay valid.
		if r0.t == mStack {
			return 0, false, mfail("return-stack-ptr", Obligation{Kind: ObReturn, Reg: 0, Want: "no pointer into the callee's stack"})
		}
		callee := w.cur.cur()
		if callee.inCallback {
			return w.callbackExit(callee, r0)
		}
		ret := *r0
		w.cur.frames = w.cur.frames[:n-1]
		w.cur.cur().regs[0] = ret
		return callee.callsite + 1, false, nil
	}
	if w.cur.lock.held {
		return 0, false, mfail("exit-in-lock", Obligation{Kind: ObRelease, Reg: -1, Want: "bpf_spin_unlock"})
	}
	if len(w.cur.refs) > 0 {
		// 6.18 names every lingering reference, then the exit.
		e := mfail("unreleased-reference", Obligation{Kind: ObRelease, Reg: -1})
		for _, r := range w.cur.refs {
			e.pre = append(e.pre, fmt.Sprintf("Unreleased reference id=%d alloc_insn=%d", r.id, r.insn))
		}
		return 0, false, e
	}
	if w.entryFunc != nil {
		// A global function's own walk ends in its exit: the program
		// type's return codes are its callers' business (check_return_code
		// asks a subprogram for a number only).
		if r0.t != mScalar {
			return 0, false, mfail("bad-return/subprog", Obligation{Kind: ObReturn, Reg: 0, Want: "scalar"}, r0.typeName())
		}
		return 0, true, nil
	}
	if rr := w.rules.ret; rr != nil {
		ob := Obligation{Kind: ObReturn, Reg: 0, Off: rr[0], MaxOff: rr[1]}
		w.markPrecise(1, len(w.trail)-1)
		if r0.t != mScalar {
			return 0, false, mfail("bad-return/unknown", ob, r0.typeName())
		}
		if w.rules.ret32 {
			if int64(r0.v.S32Min) < rr[0] || int64(r0.v.S32Max) > rr[1] {
				return 0, false, mfail("bad-return/range", ob, r0.v.S32Min, r0.v.S32Max, rr[0], rr[1])
			}
		} else if r0.v.SMin < rr[0] || r0.v.SMax > rr[1] {
			return 0, false, mfail("bad-return/range", ob, r0.v.SMin, r0.v.SMax, rr[0], rr[1])
		}
		ob.Holds = true
		w.record(ob)
	}
	return 0, true, nil
}

// helperName is the kernel's func_id_name with the bpf_ prefix.
func helperName(id platform.HelperID) string {
	if !id.Known() {
		return "unknown"
	}
	return "bpf_" + id.String()
}

// callMeta carries what earlier arguments tell later ones (the kernel's
// bpf_call_arg_meta).
type callMeta struct {
	mapIdx    int // -1: none
	memReg    int // the last ArgMem register, for its size argument
	mem       mreg
	memArg    platform.Arg
	sizeMax   uint64 // the size argument's upper bound
	allocSize int64
	release   uint32 // the reference the call releases
	callback  int    // the callback's entry, -1
}

// helperCall is check_helper_call.
func (w *mwalker) helperCall(i int, in ir.Instruction) *merr {
	id := platform.HelperID(in.Imm)
	name := helperName(id)
	wf := Obligation{Kind: ObWellFormed, Reg: -1}
	if id <= 0 || id >= platform.MaxHelperID {
		return mfail("invalid-func", wf, name, in.Imm)
	}
	proto, ok := platform.HelperFor(w.prof.facts(), id, platform.ProgType(w.prog.Type))
	avail, known := platform.HelperAvailable(w.prof.facts(), platform.ProgType(w.prog.Type), id)
	if w.prof.facts() == "linux-6.18" {
		avail, known = platform.HelperAvailableAttach618(platform.ProgType(w.prog.Type), w.prog.AttachType, w.prog.HasAttachType, w.prog.AttachTo, id)
		if ok && !known {
			return &merr{unsupported: true, code: "unsupported-helper", ob: wf,
				msg: fmt.Sprintf("which helpers a %s program attached to %q may call is not known to this profile (%s#%d)", platform.ProgType(w.prog.Type), w.prog.AttachTo, name, in.Imm)}
		}
	}
	if !ok || (known && !avail) {
		return mfail("helper-not-allowed", wf, name, in.Imm)
	}
	if proto.GPLOnly && !w.gpl {
		return mfail("gpl-only-func", wf)
	}
	if proto.MightSleep {
		return mfail("sleepable-helper", wf)
	}
	meta := callMeta{mapIdx: -1, memReg: -1, callback: -1}
	for a := 0; a < 5; a++ {
		if e := w.checkArg(id, proto, a, &meta); e != nil {
			return e
		}
	}
	if proto.NoReturn && len(w.cur.refs) > 0 {
		return mfail("tail-call-refs", Obligation{Kind: ObRelease, Reg: -1})
	}
	if meta.release != 0 {
		w.releaseRef(meta.release)
	}
	if meta.callback >= 0 {
		cb := syncCallbacks[id]
		if cb == nil {
			return &merr{unsupported: true, code: "unsupported-callback", ob: Obligation{Kind: ObCallArg, Reg: -1},
				msg: fmt.Sprintf("callbacks of %s#%d are not supported by this profile yet", name, in.Imm)}
		}
		if e := w.pushCallback(i, cb, &meta); e != nil {
			return e
		}
	}
	f := w.cur.cur()
	for r := ir.R1; r <= ir.R5; r++ {
		f.regs[r] = mreg{}
	}
	r0, e := w.retReg(i, proto, &meta)
	if e != nil {
		return e
	}
	f.regs[0] = r0
	if proto.ChangesPktData {
		w.cur.forEachReg(func(g *mreg) {
			if g.t == mPacket || g.t == mPacketEnd || g.t == mPacketMeta {
				*g = unknownReg()
			}
		})
	}
	return nil
}

func (w *mwalker) releaseRef(ref uint32) {
	w.cur.release(ref)
	w.cur.forEachReg(func(g *mreg) {
		if g.ref == ref {
			*g = unknownReg()
		}
	})
}

// retReg is r0 after a helper call.
func (w *mwalker) retReg(i int, proto platform.Proto, meta *callMeta) (mreg, *merr) {
	rt := proto.Ret
	var r mreg
	switch rt.Kind {
	case platform.RetInteger:
		r = unknownReg()
		switch rt.Range {
		case platform.RangeSizeArg:
			r.v = clampSigned(r.v, -4095, int64(meta.sizeMax))
		case platform.RangeCPU:
			r.v = scalar.Zext32(scalar.Unknown())
		}
		return r, nil
	case platform.RetVoid:
		return mreg{}, nil
	case platform.RetMapValue:
		if meta.mapIdx < 0 {
			return mreg{}, mfail("helper-map", Obligation{Kind: ObCallArg, Reg: 1})
		}
		if w.isMapInMap(meta.mapIdx) {
			// A map-in-map's value is a map of its inner template.
			in := w.inner[meta.mapIdx]
			if in < 0 {
				return mreg{}, &merr{unsupported: true, code: "unsupported-map", ob: Obligation{Kind: ObCallArg, Reg: 1},
					msg: "map-in-map without its inner map's definition"}
			}
			r = ptrReg(mMapPtr)
			r.aux = int32(in)
			break
		}
		r = ptrReg(mMapValue)
		r.aux = int32(meta.mapIdx)
		if w.mapReadOnly(meta.mapIdx) {
			r.flags |= fRdonly
		}
	case platform.RetSocket:
		r = ptrReg(mSock)
	case platform.RetTCPSock:
		r = ptrReg(mTCPSock)
	case platform.RetSockCommon:
		r = ptrReg(mSockCommon)
	case platform.RetBTFID:
		var e *merr
		if r, e = w.btfRet(rt, proto.ID); e != nil {
			return mreg{}, e
		}
	case platform.RetMem:
		r = ptrReg(mMem)
		r.aux = int32(meta.allocSize)
		if rt.Has(platform.RetRdonly) {
			r.flags |= fRdonly
		}
		if rt.Has(platform.RetRingbuf) {
			r.flags |= fRingbuf
		}
	default:
		return mreg{}, &merr{unsupported: true, code: "unsupported-helper-ret", ob: Obligation{Kind: ObCallArg, Reg: 0},
			msg: fmt.Sprintf("helper %s returns %s, not supported by this profile", helperName(proto.ID), rt.Kind)}
	}
	if rt.Has(platform.RetMaybeNull) {
		r.flags |= fNull
		r.id = w.newID()
	}
	if proto.Acquire {
		// The reference gets an id of its own after the NULL check's
		// (acquire_reference), and the pointer takes it.
		r.id = w.newID()
		r.ref = r.id
		w.cur.refs = append(w.cur.refs, mref{id: r.ref, insn: i})
	}
	return r, nil
}

// clampSigned narrows v to [lo, hi] with the domain's branch refinement.
func clampSigned(v scalar.Value, lo, hi int64) scalar.Value {
	_, le := scalar.Branch(ir.JumpJSGT, false, v, scalar.Const(uint64(hi)))
	if le.Possible {
		v = le.Dst
	}
	_, ge := scalar.Branch(ir.JumpJSLT, false, v, scalar.Const(uint64(lo)))
	if ge.Possible {
		v = ge.Dst
	}
	return v
}

// expected formats the kernel's "R%d type=%s expected=%s" message.
func expected(regno int, r *mreg, want ...string) *merr {
	return mfail("helper-arg-type/type", Obligation{Kind: ObCallArg, Reg: regno, Want: strings.Join(want, ", ")}, regno, r.typeName(), strings.Join(want, ", "))
}

var memTypes = []string{"fp", "pkt", "pkt_meta", "map_key", "map_value", "mem", "ringbuf_mem", "buf", "trusted_ptr_"}

// checkArg is check_func_arg for argument a (register a+1).
func (w *mwalker) checkArg(id platform.HelperID, proto platform.Proto, a int, meta *callMeta) *merr {
	arg := proto.Args[a]
	regno := a + 1
	if arg.Kind == platform.ArgNone {
		return nil
	}
	r, e := w.reg(ir.Register(regno))
	if e != nil {
		return e
	}
	ob := Obligation{Kind: ObCallArg, Reg: regno, Want: arg.Kind.String()}
	nullOK := arg.Has(platform.MaybeNull) && isZero(r)
	if arg.Has(platform.MaybeNull) && r.t == mScalar {
		w.markPrecise(regBit(ir.Register(regno)), len(w.trail)-1)
	}
	if r.isNull() && !arg.Has(platform.MaybeNull) && arg.Kind != platform.ArgAnything {
		return expected(regno, r, argWant(arg)...)
	}
	switch arg.Kind {
	case platform.ArgAnything:
	case platform.ArgConstMapPtr:
		if r.t != mMapPtr {
			return expected(regno, r, "map_ptr")
		}
		meta.mapIdx = int(r.aux)
		if e := w.mapHelperCompatible(meta.mapIdx, id); e != nil {
			return e
		}
	case platform.ArgMapKey, platform.ArgMapValue:
		if nullOK {
			// check_func_arg skips the type check of a NULL where the
			// argument may be NULL (bpf_sk_storage_get's initial value).
			break
		}
		if meta.mapIdx < 0 {
			return mfail("helper-arg-type/map", ob, map[bool]string{true: "key", false: "value"}[arg.Kind == platform.ArgMapKey])
		}
		m := w.maps[meta.mapIdx]
		size := int64(m.ValueSize)
		if arg.Kind == platform.ArgMapKey {
			size = int64(m.KeySize)
		}
		switch r.t {
		case mStack, mPacket, mPacketMeta, mMapKey, mMapValue:
		default:
			return expected(regno, r, memTypes...)
		}
		if e := w.helperMem(r, regno, size, arg.Has(platform.MemUninit) || arg.Has(platform.MemWrite), proto, &ob); e != nil {
			return e
		}
	case platform.ArgMem:
		if nullOK {
			meta.memReg, meta.mem, meta.memArg = regno, *r, arg
			break
		}
		switch r.t {
		case mStack, mPacket, mPacketMeta, mMapKey, mMapValue, mMem:
		default:
			return expected(regno, r, memTypes...)
		}
		if r.flags&fRdonly != 0 && !arg.Has(platform.MemRdonly) {
			return expected(regno, r, memTypes...)
		}
		meta.memReg, meta.mem, meta.memArg = regno, *r, arg
		if arg.Has(platform.MemFixedSize) {
			if e := w.helperMem(r, regno, int64(arg.Size), arg.Has(platform.MemUninit) || arg.Has(platform.MemWrite), proto, &ob); e != nil {
				return e
			}
		}
	case platform.ArgConstSize, platform.ArgConstSizeOrZero:
		if r.t != mScalar {
			return expected(regno, r, "scalar")
		}
		w.markPrecise(regBit(ir.Register(regno)), len(w.trail)-1)
		zeroOK := arg.Kind == platform.ArgConstSizeOrZero
		if r.v.SMin < 0 {
			return mfail("size-negative", ob, regno)
		}
		if r.v.UMin == 0 && !zeroOK {
			return mfail("size-zero", ob, regno)
		}
		if r.v.UMax >= uint64(w.lim.maxVarOff) {
			return mfail("size-unbounded", ob, regno)
		}
		meta.sizeMax = r.v.UMax
		if meta.memReg < 0 {
			return mfail("helper-arg-type/size-alone", ob, regno)
		}
		m := meta.mem
		if isZero(&m) && meta.memArg.Has(platform.MaybeNull) {
			break
		}
		if r.v.UMax == 0 {
			break
		}
		write := meta.memArg.Has(platform.MemUninit) || meta.memArg.Has(platform.MemWrite)
		mob := Obligation{Kind: ObCallArg, Reg: meta.memReg, Want: "mem"}
		if e := w.helperMem(&m, meta.memReg, int64(r.v.UMax), write, proto, &mob); e != nil {
			return e
		}
	case platform.ArgConstAllocSizeOrZero:
		w.markPrecise(regBit(ir.Register(regno)), len(w.trail)-1)
		c, ok := r.v.Const()
		if r.t != mScalar || !ok {
			return mfail("size-not-const", ob, regno)
		}
		meta.allocSize = int64(c)
	case platform.ArgCtx:
		if nullOK {
			break
		}
		if r.t != mCtx {
			return expected(regno, r, "ctx")
		}
		if r.off != 0 {
			return mfail("modified-ctx", ob, regno, r.off)
		}
	case platform.ArgStack:
		if nullOK {
			break
		}
		if r.t != mStack {
			return expected(regno, r, "fp")
		}
	case platform.ArgAllocMem:
		if r.t != mMem || r.flags&fRingbuf == 0 {
			return expected(regno, r, "ringbuf_mem")
		}
		if r.off != 0 {
			return mfail("release-offset", ob, regno)
		}
		if c, ok := r.v.Const(); !ok || c != 0 {
			return mfail("release-offset", ob, regno)
		}
	case platform.ArgSocket:
		if nullOK {
			break
		}
		if r.t != mSock {
			return expected(regno, r, "sock")
		}
	case platform.ArgBTFIDSockCommon:
		if r.t == mBTFID {
			if e := w.btfSockCommonArg(r, regno, arg, &ob); e != nil {
				return e
			}
			break
		}
		fallthrough
	case platform.ArgSockCommon:
		if r.t != mSock && r.t != mSockCommon && r.t != mTCPSock {
			if arg.Kind == platform.ArgBTFIDSockCommon {
				return expected(regno, r, btfSockCommonTypes...)
			}
			return expected(regno, r, "sock_common", "sock", "tcp_sock", "xdp_sock")
		}
	case platform.ArgBTFID:
		if nullOK && isZero(r) {
			break
		}
		if e := w.btfArg(r, regno, arg, id, &ob); e != nil {
			return e
		}
	case platform.ArgFunc:
		if r.t != mFunc {
			return expected(regno, r, "func")
		}
		meta.callback = int(r.aux)
	case platform.ArgSpinLock:
		if e := w.spinLock(id, r, regno, &ob); e != nil {
			return e
		}
	case platform.ArgConstStr:
		if r.t != mMapValue || r.flags&fRdonly == 0 {
			return expected(regno, r, "map_value")
		}
		if e := w.constString(r, regno, &ob); e != nil {
			return e
		}
	default:
		return &merr{unsupported: true, code: "unsupported-helper-arg", ob: ob,
			msg: fmt.Sprintf("argument %d of %s#%d (%s) is not supported by this profile", regno, helperName(id), int32(id), arg.Kind)}
	}
	if arg.Has(platform.Release) {
		if r.ref == 0 {
			return mfail("release-unreferenced", ob, regno)
		}
		meta.release = r.ref
	}
	ob.Holds = true
	w.record(ob)
	return nil
}

func argWant(a platform.Arg) []string {
	switch a.Kind {
	case platform.ArgCtx:
		return []string{"ctx"}
	case platform.ArgConstMapPtr:
		return []string{"map_ptr"}
	case platform.ArgSocket:
		return []string{"sock"}
	case platform.ArgAllocMem:
		return []string{"ringbuf_mem"}
	case platform.ArgBTFIDSockCommon:
		return btfSockCommonTypes
	case platform.ArgBTFID:
		return []string{"ptr_", "trusted_ptr_", "rcu_ptr_"}
	}
	return memTypes
}

// helperMem checks that a helper may read or write size bytes at r.
func (w *mwalker) helperMem(r *mreg, regno int, size int64, write bool, proto platform.Proto, ob *Obligation) *merr {
	if r.flags&fUntrusted != 0 {
		// Untrusted kernel memory is read by the program with fault
		// handling; a helper would read it directly.
		return expected(regno, r, memTypes...)
	}
	switch r.t {
	case mStack:
		return w.stackHelperAccess(r, regno, size, write, ob)
	case mPacket, mPacketMeta:
		if !proto.PktAccess {
			return expected(regno, r, "fp", "map_key", "map_value")
		}
		if write && !w.rules.pktWrite {
			return mfail("packet-write", *ob)
		}
		if size == 0 {
			return nil
		}
		b := *r
		_, e := w.packetAccess(&b, access{regno: regno, size: int(size), write: false}, ob)
		return e
	case mMapValue, mMapKey, mMem:
		if size == 0 {
			return nil
		}
		if write && r.flags&fRdonly != 0 {
			return mfail("readonly-mem", *ob, regno, r.typeName())
		}
		b := *r
		_, e := w.regionAccess(&b, access{regno: regno, size: int(size)}, ob)
		return e
	}
	return expected(regno, r, memTypes...)
}

// constString checks a constant string argument: a NUL within the frozen
// map value from the pointer's offset.
func (w *mwalker) constString(r *mreg, regno int, ob *Obligation) *merr {
	c, ok := r.v.Const()
	data := w.mapContents(int(r.aux))
	if !ok || data == nil {
		return mfail("const-str/not-map", *ob, regno)
	}
	off := int64(r.off) + int64(c)
	for o := off; o >= 0 && o < int64(len(data)); o++ {
		if data[o] == 0 {
			return nil
		}
	}
	return mfail("const-str/unterminated", *ob)
}

// callbackSpec is how a helper calls its callback synchronously (the
// kernel's set_*_callback_state): the callback's arguments from the
// caller's registers. Every callback here returns 0 or 1 (callbackExit).
type callbackSpec struct {
	name string
	args func(w *mwalker, caller *mframe, callee *mframe, meta *callMeta) *merr
	// loop: bpf_loop, whose iterations stop at its first argument's bound.
	loop bool
}

// syncCallbacks are the helpers whose callbacks the profile verifies.
// bpf_timer_set_callback (asynchronous), bpf_find_vma (a BTF task pointer)
// and bpf_user_ringbuf_drain (a dynptr) stay unsupported.
var syncCallbacks = map[platform.HelperID]*callbackSpec{
	181: {name: "bpf_loop", loop: true,
		// callback_fn(u64 index, void *callback_ctx)
		args: func(w *mwalker, caller, callee *mframe, meta *callMeta) *merr {
			callee.regs[1] = unknownReg()
			callee.regs[2] = caller.regs[3]
			return nil
		}},
	164: {name: "bpf_for_each_map_elem",
		// callback_fn(struct bpf_map *map, void *key, void *value, void *callback_ctx)
		args: func(w *mwalker, caller, callee *mframe, meta *callMeta) *merr {
			idx := meta.mapIdx
			switch w.maps[idx].Type {
			case mapTypeHash, mapTypeArray, mapTypePercpuHash, mapTypePercpuArray, mapTypeLRUHash, mapTypeLRUPercpuHash:
			default:
				return mfail("callback-map", Obligation{Kind: ObCallArg, Reg: 1})
			}
			callee.regs[1] = caller.regs[1]
			callee.regs[2] = ptrReg(mMapKey)
			callee.regs[2].aux = int32(idx)
			callee.regs[3] = ptrReg(mMapValue)
			callee.regs[3].aux = int32(idx)
			if w.mapReadOnly(idx) {
				callee.regs[3].flags |= fRdonly
			}
			callee.regs[4] = caller.regs[3]
			return nil
		}},
}

// pushCallback is push_callback_call: the current path goes on past the
// helper (no more iterations), and a pending path enters the callback in
// a new frame, from a copy of the state before the helper's effects; the
// callback's exit returns to the helper call, which queues the next
// iteration, until the states there repeat (pruned, RANGE_WITHIN) or,
// for bpf_loop, the iterations reach its count's bound.
func (w *mwalker) pushCallback(i int, cb *callbackSpec, meta *callMeta) *merr {
	caller := w.cur.cur()
	if cb.loop {
		// The iteration count decides when to stop: it must be precise.
		w.markPrecise(regBit(ir.R1), len(w.trail)-1)
		bound := caller.regs[1].v.UMax
		if caller.regs[1].t != mScalar {
			// A pointer as the count (ARG_ANYTHING): its address bounds
			// nothing the walk knows, so iterate until the states repeat.
			bound = ^uint64(0)
		}
		if caller.callbackDepth >= bound {
			caller.callbackDepth = 0
			return nil
		}
	}
	if len(w.cur.frames) >= w.lim.callFrames {
		return mfail("call-too-deep", Obligation{Kind: ObLimit, Reg: -1, Limit: int64(w.lim.callFrames)}, len(w.cur.frames)+1)
	}
	st := w.clone(w.cur)
	callee := &mframe{callsite: i, entry: meta.callback, inCallback: true}
	if e := cb.args(w, st.cur(), callee, meta); e != nil {
		w.recycle(st)
		return e
	}
	callee.regs[10] = ptrReg(mStack)
	callee.regs[10].frame = uint8(len(st.frames))
	st.cur().callbackDepth++
	st.frames = append(st.frames, callee)
	st.cbUnroll++
	caller.callbackDepth = 0
	w.push(st, meta.callback, i)
	return nil
}

// callbackExit is prepare_func_exit for a callback: r0 is a precise
// scalar in the callback's range, and the walk goes back to the helper
// call, the caller's registers as they were before it.
func (w *mwalker) callbackExit(callee *mframe, r0 *mreg) (int, bool, *merr) {
	if r0.t != mScalar {
		return 0, false, mfail("callback-return/not-scalar", Obligation{Kind: ObReturn, Reg: 0, Want: "scalar"})
	}
	w.markPrecise(1, len(w.trail)-1)
	rng := [2]int64{0, 1}
	ob := Obligation{Kind: ObReturn, Reg: 0, Off: rng[0], MaxOff: rng[1]}
	if r0.v.SMin < rng[0] || r0.v.SMax > rng[1] {
		return 0, false, mfail("callback-return/range", ob, invalidScalar("At callback return", "R0", r0, rng))
	}
	ob.Holds = true
	w.record(ob)
	w.cur.frames = w.cur.frames[:len(w.cur.frames)-1]
	return callee.callsite, false, nil
}

// invalidScalar is verbose_invalid_scalar's text.
func invalidScalar(ctx, reg string, r *mreg, rng [2]int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s the register %s has", ctx, reg)
	known := false
	if r.v.SMin > -1<<63 {
		fmt.Fprintf(&b, " smin=%d", r.v.SMin)
		known = true
	}
	if r.v.SMax < 1<<63-1 {
		fmt.Fprintf(&b, " smax=%d", r.v.SMax)
		known = true
	}
	if !known {
		b.WriteString(" unknown scalar value")
	}
	fmt.Fprintf(&b, " should have been in [%d, %d]", rng[0], rng[1])
	return b.String()
}

// Helper ids with rules of their own.
const (
	helperSpinLock   = 93
	helperSpinUnlock = 94
)

// spinLock is process_spin_lock: the argument points at the struct
// bpf_spin_lock of a map value, at a constant offset; bpf_spin_lock takes
// it (one at a time), bpf_spin_unlock releases the one held.
func (w *mwalker) spinLock(id platform.HelperID, r *mreg, regno int, ob *Obligation) *merr {
	if r.t != mMapValue {
		return expected(regno, r, "map_value", "ptr_")
	}
	c, ok := r.v.Const()
	if !ok {
		return mfail("spin-lock/var-off", *ob, regno)
	}
	m := &w.maps[r.aux]
	if !m.BTF {
		return mfail("spin-lock/no-btf", *ob, m.Name)
	}
	if !m.HasSpinLock {
		return mfail("spin-lock/no-lock", *ob, m.Name)
	}
	if off := int64(c) + int64(r.off); off != int64(m.SpinLockOff) {
		return mfail("spin-lock/off", *ob, off, m.SpinLockOff)
	}
	l := &w.cur.lock
	if id == helperSpinLock {
		if l.held {
			return mfail("spin-lock/twice", *ob)
		}
		*l = mlock{held: true, mapIdx: r.aux, id: r.id, insn: int32(w.at)}
		return nil
	}
	if !l.held {
		return mfail("spin-lock/not-held", *ob)
	}
	if l.mapIdx != r.aux || l.id != r.id {
		return mfail("spin-lock/other-lock", *ob)
	}
	*l = mlock{}
	return nil
}
