package absint

import (
	"fmt"
	"strings"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/absint/scalar"
	"github.com/bpfcheck/bpfcheck/internal/kbtf"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Programs whose context is typed by the kernel's BTF (tracing, lsm,
// struct_ops): the context holds the attach target's arguments, u64
// each; a pointer argument is a PTR_TO_BTF_ID of its struct, and loads
// through such pointers are checked against the struct's BTF layout
// (internal/kbtf). A BTF pointer register keeps its struct's type id in
// the target BTF in aux, and its trust in the flags fTrusted, fUntrusted
// and fRCU.

// btfRules are a BTF-typed program's context rules.
type btfRules struct {
	prog      platform.BTFProg
	target    *kbtf.Target
	sleepable bool
	// retRange is what a load of the return value slot gives (lsm), nil:
	// any number.
	retRange *[2]int64
}

// btfSpecOf is the kernel BTF a program is checked against: the one it
// was loaded against, else the running kernel's; why says why there is
// none.
func btfSpecOf(p *ir.Program) (spec *btf.Spec, why string) {
	if p.TargetBTF != nil {
		s, ok := p.TargetBTF.(*btf.Spec)
		if !ok || s == nil {
			return nil, "the program's target BTF is not a *btf.Spec"
		}
		if o, ok := p.BTF.(*btf.Spec); ok && o == s {
			return nil, "no kernel BTF (the object's own BTF does not describe the kernel); pass --btf"
		}
		return s, ""
	}
	s, err := kbtf.Kernel()
	if err != nil {
		return nil, "no kernel BTF: " + err.Error()
	}
	return s, ""
}

// setupBTF resolves a BTF-typed program's attach target into rules; a
// non-nil Result ends the verification (unsupported, or the kernel's
// refusal of the target).
func setupBTF(prof *Profile, p *ir.Program, r *modernRules) *Result {
	unsupported := func(format string, args ...any) *Result {
		return &Result{Verdict: Unsupported, Diag: &Diagnostic{Code: "unsupported-btf", Message: fmt.Sprintf(format, args...)}}
	}
	t := platform.ProgType(p.Type)
	bp, ok := platform.BTFProg618(t, p.AttachType, p.AttachTo)
	if !ok || !p.HasAttachType && t.String() == "tracing" {
		return unsupported("program type %s with attach type %s is not supported by %s", t, p.AttachType, prof.Name)
	}
	if p.AttachTo == "" {
		return unsupported("a %s program needs its attach target (from its section name, e.g. fentry/do_unlinkat)", t)
	}
	spec, why := btfSpecOf(p)
	if spec == nil {
		return unsupported("%s", why)
	}
	target, e := kbtf.FindTarget(spec, bp.Target, p.AttachTo)
	if e != nil {
		return reject(e.Errno, Diagnostic{Code: "attach-target", KernelSilent: true, Message: e.Msg})
	}
	if t.String() == "tracing" && p.AttachType.String() == "modify_return" && !platform.FmodRetTarget618(p.AttachTo) {
		return reject("EINVAL", Diagnostic{Code: "attach-target", Message: p.AttachTo + "() is not modifiable"})
	}
	if target.WideArg {
		return unsupported("%s takes a struct of more than 8 bytes by value, not supported by %s", p.AttachTo, prof.Name)
	}
	for i, a := range target.Args {
		if a.Ref {
			return unsupported("argument %d of %s is a referenced object (__ref), not supported by %s", i, p.AttachTo, prof.Name)
		}
		if a.Tag == "user" || a.Tag == "percpu" {
			return unsupported("argument %d of %s points to %s memory, not supported by %s", i, p.AttachTo, a.Tag, prof.Name)
		}
	}
	if bp.Target == platform.TargetStructOps {
		st, _, _ := strings.Cut(p.AttachTo, ".")
		if from, to, ok := platform.StructOpsPromote618(st); ok {
			if toID, ok := kbtf.StructID(spec, to); ok {
				for i, a := range target.Args {
					if a.Kind == kbtf.ArgPtr && kbtf.TypeName(spec, a.Struct) == from {
						target.Args[i].Struct = toID
					}
				}
			}
		}
	}
	r.spec = spec
	r.btf = &btfRules{prog: bp, target: target, sleepable: p.Sleepable}
	// The range r0 must lie in at exit.
	switch t.String() {
	case "lsm":
		void := target.Ret == nil
		if lo, hi, checked := platform.LSMReturnRange618(p.AttachTo, void); checked {
			r.btf.retRange = &[2]int64{lo, hi}
			if p.AttachType.String() != "lsm_cgroup" {
				r.ret, r.ret32 = &[2]int64{lo, hi}, true
			}
		} else if p.AttachType.String() != "lsm_cgroup" {
			r.ret = nil
		}
		if p.AttachType.String() == "lsm_cgroup" && void {
			r.ret = &[2]int64{1, 1}
		}
	case "struct_ops":
		r.ret = nil
		r.retVoid = target.Ret == nil
	}
	return nil
}

// btfCtxAccess is btf_ctx_access: a load of the context slot off/8.
func (w *mwalker) btfCtxAccess(a access, ob *Obligation) (mreg, *merr) {
	br := w.rules.btf
	t := br.target
	off := a.off
	bad := func(pre string, args ...any) (mreg, *merr) {
		e := mfail("invalid-ctx-access", *ob, off, a.size)
		if pre != "" {
			e.pre = []string{fmt.Sprintf(pre, args...)}
		}
		return mreg{}, e
	}
	if a.write || off < 0 || off >= 96 || off%a.size != 0 {
		return bad("")
	}
	if off%8 != 0 {
		return bad("func '%s' offset %d is not multiple of 8", t.Name, off)
	}
	arg := off / 8
	var ta kbtf.Arg
	isRet := false
	switch {
	case arg < len(t.Args):
		ta = t.Args[arg]
	case arg == len(t.Args) && br.prog.RetSlot:
		if t.Ret == nil {
			return mreg{}, &merr{unsupported: true, code: "unsupported-btf", ob: *ob,
				msg: fmt.Sprintf("the return value slot of void function %s is not supported by this profile", t.Name)}
		}
		ta, isRet = *t.Ret, true
	default:
		return bad("func '%s' doesn't have %d-th argument", t.Name, arg+1)
	}
	switch ta.Kind {
	case kbtf.ArgScalar:
		if a.sx {
			return bad("")
		}
		v := unknownOfSize(a.size, false)
		if isRet && br.retRange != nil {
			// The kernel bounds the 32-bit subregister to the hook's range.
			v.v = clampSigned32(v.v, br.retRange[0], br.retRange[1])
		}
		return v, nil
	case kbtf.ArgBad:
		return bad("func '%s' arg%d type %s is not a struct", t.Name, arg, ta.Bad)
	}
	if a.size != 8 {
		return bad("func '%s' size %d must be 8", t.Name, a.size)
	}
	r := ptrReg(mBTFID)
	r.aux = int32(ta.Struct)
	if br.prog.ArgsTrusted {
		r.flags |= fTrusted
	}
	null := ta.Nullable || (br.prog.IterArgsNull && arg > 0)
	if br.prog.Target == platform.TargetTPBTF {
		maybeNull, maybeErr := platform.RawTPNullArgs618(t.Name, arg)
		if maybeErr {
			w.logf("marking pointer arg%d as scalar as it may encode error\n", arg)
			return unknownReg(), nil
		}
		null = null || maybeNull
	}
	if null {
		r.flags |= fNull
		r.id = w.newID()
	}
	return r, nil
}

// structOpsWrite is a struct_ops type's btf_struct_access: the stores its
// programs may make into the kernel's structures.
func (w *mwalker) structOpsWrite(id btf.TypeID, tname string, off, size int, ob *Obligation) *merr {
	st, _, _ := strings.Cut(w.prog.AttachTo, ".")
	sname, members, ok := platform.StructOpsWrites618(st)
	if !ok {
		return &merr{unsupported: true, code: "unsupported-btf", ob: *ob,
			msg: fmt.Sprintf("stores into struct %s of a %s program are not supported by this profile", tname, st)}
	}
	if tname != sname {
		return mfail("btf-write/read-only", *ob)
	}
	for _, m := range members {
		lo, end, found := kbtf.MemberSpan(w.rules.spec, id, m.Path)
		if !found || off != lo && !(m.Within && off > lo && off < end) {
			continue
		}
		if off+size > end {
			return mfail("btf-write/beyond", *ob, off, size, sname, end)
		}
		return nil
	}
	return mfail("btf-write/member", *ob, sname, off)
}

// clampSigned32 narrows v's 32-bit subregister to [lo, hi] (s32).
func clampSigned32(v scalar.Value, lo, hi int64) scalar.Value {
	_, le := scalar.Branch(ir.JumpJSGT, true, v, scalar.Const(uint64(hi)))
	if le.Possible {
		v = le.Dst
	}
	_, ge := scalar.Branch(ir.JumpJSLT, true, v, scalar.Const(uint64(lo)))
	if ge.Possible {
		v = ge.Dst
	}
	return v
}

// btfAccess is check_ptr_to_btf_access: a load (never a store) through a
// BTF pointer, checked against its struct's layout.
func (w *mwalker) btfAccess(base *mreg, a access, ob *Obligation) (mreg, *merr) {
	spec := w.rules.spec
	id := btf.TypeID(base.aux)
	tname := kbtf.TypeName(spec, id)
	off := int(base.off) + a.off
	ob.Region = RegionBTF
	ob.Off, ob.MaxOff = int64(off), int64(off)
	if !w.gpl {
		return mreg{}, mfail("btf-gpl", *ob, tname)
	}
	if off < 0 {
		return mreg{}, mfail("btf-negative-offset", *ob, a.regno, tname, off)
	}
	if c, ok := base.v.Const(); !ok || c != 0 {
		return mreg{}, mfail("btf-variable-offset", *ob, a.regno, tname, off, tnumString(base.v))
	}
	if a.write {
		if br := w.rules.btf; br != nil && br.prog.Target == platform.TargetStructOps {
			return mreg{}, w.structOpsWrite(id, tname, off, a.size, ob)
		}
		return mreg{}, mfail("btf-write/read-only", *ob)
	}
	ld, e := kbtf.Walk(spec, id, off, a.size)
	if e != nil {
		return mreg{}, withErrno(e.Errno, mfail("btf-access", *ob, e.Msg))
	}
	switch ld.Kind {
	case kbtf.LoadScalar:
		return unknownOfSize(a.size, a.sx), nil
	case kbtf.LoadUntrustedMem:
		r := ptrReg(mMem)
		r.flags = fRdonly | fUntrusted
		return r, nil
	}
	if ld.Tag == "user" || ld.Tag == "percpu" {
		return mreg{}, &merr{unsupported: true, code: "unsupported-btf", ob: *ob,
			msg: fmt.Sprintf("field %s of struct %s points to %s memory, not supported by this profile", ld.Field, tname, ld.Tag)}
	}
	r := ptrReg(mBTFID)
	r.aux = int32(ld.Target)
	r.flags = w.walkedTrust(base, id, ld)
	if r.flags&fNull != 0 {
		r.id = w.newID()
	}
	return r, nil
}

// walkedTrust is the trust of a pointer read from a field of the struct
// base points at (check_ptr_to_btf_access): the kernel's lists of safe
// fields (emitted into its BTF as <struct>__safe_trusted and friends)
// keep trust, __rcu fields and the RCU lists give RCU pointers inside the
// RCU read section a non-sleepable program runs in, and everything else
// is untrusted: readable, but not a helper's trusted argument.
func (w *mwalker) walkedTrust(base *mreg, id btf.TypeID, ld kbtf.Load) uint8 {
	if base.flags&fUntrusted != 0 || ld.Union {
		return fUntrusted
	}
	spec := w.rules.spec
	safe := func(suffix string) bool { return kbtf.SafeField(spec, id, ld.Field, ld.Target, suffix) }
	switch {
	case safe("__safe_trusted"):
		return fTrusted
	case safe("__safe_trusted_or_null"):
		return fTrusted | fNull
	}
	sleepable := w.rules.btf != nil && w.rules.btf.sleepable || w.prog.Sleepable
	if sleepable {
		return fUntrusted
	}
	switch {
	case safe("__safe_rcu"):
		return fRCU
	case ld.Tag == "rcu" || safe("__safe_rcu_or_null"):
		return fRCU | fNull
	}
	return fUntrusted
}

// btfName is the struct a BTF pointer points at, for the log.
func (w *mwalker) btfName(r *mreg) string {
	if w.rules.spec == nil {
		return "?"
	}
	return kbtf.TypeName(w.rules.spec, btf.TypeID(r.aux))
}

// btfRet is r0 of a helper returning a BTF pointer (bpf_get_current_task_btf).
func (w *mwalker) btfRet(rt platform.Ret, id platform.HelperID) (mreg, *merr) {
	unsupported := func(why string) (mreg, *merr) {
		return mreg{}, &merr{unsupported: true, code: "unsupported-helper-ret", ob: Obligation{Kind: ObCallArg, Reg: 0},
			msg: fmt.Sprintf("helper %s returns a BTF pointer: %s", helperName(id), why)}
	}
	if rt.BTFType == "" {
		return unsupported("its type depends on its argument, not supported by this profile")
	}
	if w.rules.spec == nil {
		spec, why := btfSpecOf(w.prog)
		if spec == nil {
			return unsupported(why)
		}
		w.rules.spec = spec
	}
	sid, ok := kbtf.StructID(w.rules.spec, rt.BTFType)
	if !ok {
		return unsupported("struct " + rt.BTFType + " is not in the kernel's BTF")
	}
	r := ptrReg(mBTFID)
	r.aux = int32(sid)
	switch {
	case rt.Has(platform.RetTrusted):
		r.flags |= fTrusted
	case rt.Has(platform.RetUntrusted):
		r.flags |= fUntrusted
	}
	return r, nil
}

// btfArg checks a BTF pointer argument of a helper (ARG_PTR_TO_BTF_ID):
// a non-NULL, not untrusted pointer at offset 0 to the struct the
// prototype names.
func (w *mwalker) btfArg(r *mreg, regno int, arg platform.Arg, id platform.HelperID, ob *Obligation) *merr {
	if r.t != mBTFID || r.flags&fUntrusted != 0 {
		return expected(regno, r, "ptr_", "trusted_ptr_", "rcu_ptr_")
	}
	if r.isNull() && !arg.Has(platform.MaybeNull) {
		return mfail("helper-arg-null", *ob, regno)
	}
	if c, ok := r.v.Const(); r.off != 0 || !ok || c != 0 {
		return mfail("helper-arg-offset", *ob, regno, helperName(id), int32(id))
	}
	if arg.BTFType == "" || w.btfName(r) != arg.BTFType {
		return &merr{unsupported: true, code: "unsupported-helper-arg", ob: *ob,
			msg: fmt.Sprintf("argument %d of %s#%d: a pointer to struct %s where struct %s is expected is not supported by this profile",
				regno, helperName(id), int32(id), w.btfName(r), arg.BTFType)}
	}
	return nil
}

// btfSockCommonTypes are what ARG_PTR_TO_BTF_ID_SOCK_COMMON takes, as the
// kernel's message lists them.
var btfSockCommonTypes = []string{"sock_common", "sock", "tcp_sock", "xdp_sock", "ptr_", "trusted_ptr_"}

// btfSockCommonArg checks a BTF pointer passed where the kernel takes any
// socket (ARG_PTR_TO_BTF_ID_SOCK_COMMON): not untrusted, not NULL, at
// offset 0 of a struct that is, or begins with, a struct sock_common.
func (w *mwalker) btfSockCommonArg(r *mreg, regno int, arg platform.Arg, ob *Obligation) *merr {
	if r.flags&fUntrusted != 0 || r.flags&fRCU != 0 {
		return expected(regno, r, btfSockCommonTypes...)
	}
	if r.isNull() && !arg.Has(platform.MaybeNull) {
		return mfail("helper-arg-null", *ob, regno)
	}
	if c, ok := r.v.Const(); r.off != 0 || !ok || c != 0 {
		return &merr{unsupported: true, code: "unsupported-helper-arg", ob: *ob,
			msg: fmt.Sprintf("R%d: a socket BTF pointer at an offset is not supported by this profile", regno)}
	}
	if !kbtf.BeginsWith(w.rules.spec, btf.TypeID(r.aux), "sock_common") {
		return mfail("helper-arg-type/btf", *ob, regno, w.btfName(r), "sock_common")
	}
	return nil
}
