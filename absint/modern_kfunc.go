package absint

import (
	"fmt"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/internal/kbtf"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// plainKfunc is check_kfunc_call for the kfuncs of platform.Kfunc618:
// the program may call it (its kfunc set), and each argument matches the
// function's prototype in the kernel's BTF: a scalar for an integer, a
// trusted, non-NULL pointer to the struct (or to one that begins with it,
// btf_struct_ids_match) at offset 0 for a struct pointer. r0 is a number
// after an integer result, not initialised after void. The checks come in
// the kernel's order: NULL, the pointer's kind, its struct, trust, offset. ok is false for a
// kfunc the tables do not model.
func (w *mwalker) plainKfunc(i int, in ir.Instruction, name string) (next int, ok bool, e *merr) {
	k, known := platform.Kfunc618(name)
	if !known || in.Off != 0 {
		return 0, false, nil
	}
	wf := Obligation{Kind: ObCallArg, Reg: -1}
	unsupported := func(format string, args ...any) (int, bool, *merr) {
		return 0, true, &merr{unsupported: true, code: "unsupported-kfunc", ob: wf,
			msg: fmt.Sprintf("kernel function %s: ", name) + fmt.Sprintf(format, args...)}
	}
	if !k.Allows(platform.ProgType(w.prog.Type)) {
		return 0, true, mfail("kfunc-not-allowed", wf, name)
	}
	if w.rules.spec == nil {
		spec, why := btfSpecOf(w.prog)
		if spec == nil {
			return unsupported("%s", why)
		}
		w.rules.spec = spec
	}
	spec := w.rules.spec
	t, err := spec.TypeByID(btf.TypeID(in.Imm))
	fn, isFn := t.(*btf.Func)
	if err != nil || !isFn || fn.Name != name {
		return unsupported("btf_id %d is not this function in the kernel's BTF", in.Imm)
	}
	proto, isProto := fn.Type.(*btf.FuncProto)
	if !isProto || len(proto.Params) > 5 {
		return unsupported("its prototype is not modelled")
	}
	for j, p := range proto.Params {
		regno := ir.R1 + ir.Register(j)
		r, e := w.reg(regno)
		if e != nil {
			return 0, true, e
		}
		ob := Obligation{Kind: ObCallArg, Reg: int(regno)}
		switch pt := btf.UnderlyingType(p.Type).(type) {
		case *btf.Int, *btf.Enum:
			if r.t != mScalar {
				ob.Want = "scalar"
				return 0, true, mfail("kfunc-arg/scalar", ob, regno)
			}
		case *btf.Pointer:
			st, isStruct := btf.UnderlyingType(pt.Target).(*btf.Struct)
			if !isStruct {
				return unsupported("argument %d is a pointer to %s, not modelled", j+1, btfTypeName(pt.Target))
			}
			ob.Want = "trusted ptr_" + st.Name
			if c, isConst := r.v.Const(); r.t == mScalar && isConst && c == 0 || r.t == mBTFID && r.flags&fNull != 0 {
				return 0, true, mfail("kfunc-arg/null", ob, j)
			}
			if r.t == mScalar {
				return 0, true, mfail("kfunc-arg/btf-scalar", ob, j, st.Name)
			}
			if r.t != mBTFID {
				return 0, true, mfail("kfunc-arg/btf-type", ob, j, r.typeName(), st.Name)
			}
			if !kbtf.BeginsWith(spec, btf.TypeID(r.aux), st.Name) {
				return 0, true, mfail("kfunc-arg/btf-struct", ob, name, j, st.Name, regno, w.btfName(r))
			}
			if r.flags&fTrusted == 0 {
				return 0, true, mfail("kfunc-arg/trusted", ob, regno)
			}
			if c, isConst := r.v.Const(); !isConst || c != 0 || r.off != 0 {
				return 0, true, mfail("kfunc-arg/offset", ob, regno)
			}
		default:
			return unsupported("argument %d of type %s is not modelled", j+1, btfTypeName(p.Type))
		}
	}
	w.clobberCall()
	f := w.cur.cur()
	switch btf.UnderlyingType(proto.Return).(type) {
	case *btf.Void:
		f.regs[0] = mreg{}
	case *btf.Int, *btf.Enum:
		f.regs[0] = unknownReg()
	default:
		return unsupported("its result type %s is not modelled", btfTypeName(proto.Return))
	}
	return i + 1, true, nil
}
