package absint

import (
	"fmt"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/ir"
)

// ksym is check_pseudo_btf_id: an ld_imm64 of a kernel symbol by its BTF
// id in the kernel's BTF (a __ksym extern the loader resolved). A function
// gives read-only memory of no bytes (its address, nothing to read); a
// variable of a struct type a BTF pointer to it; any other variable
// read-only memory of its type's size. Per-CPU variables and symbols of
// a module's BTF (next.Imm, its fd) are not modelled.
func (w *mwalker) ksym(d *mreg, in, next ir.Instruction) *merr {
	wf := Obligation{Kind: ObWellFormed, Reg: -1}
	unsupported := func(format string, args ...any) *merr {
		return &merr{errno: "EINVAL", code: "unsupported-ld-imm64", unsupported: true, ob: wf,
			msg: fmt.Sprintf(format, args...)}
	}
	if next.Imm != 0 {
		return unsupported("ld_imm64 of a kernel module's symbol (btf_id %d in BTF object %d) is not supported by this profile", in.Imm, next.Imm)
	}
	if w.rules.spec == nil {
		spec, why := btfSpecOf(w.prog)
		if spec == nil {
			return unsupported("ld_imm64 of a kernel symbol (btf_id %d): %s", in.Imm, why)
		}
		w.rules.spec = spec
	}
	spec := w.rules.spec
	t, err := spec.TypeByID(btf.TypeID(in.Imm))
	if err != nil || in.Imm <= 0 {
		return mfail("bad-ksym/id", wf, in.Imm)
	}
	switch t := t.(type) {
	case *btf.Func:
		*d = ptrReg(mMem)
		d.flags = fRdonly
		return nil
	case *btf.Var:
		if percpuVar(spec, t) {
			return unsupported("ld_imm64 of per-CPU kernel variable %s is not supported by this profile", t.Name)
		}
		u := btf.UnderlyingType(t.Type)
		if st, ok := u.(*btf.Struct); ok {
			id, err := spec.TypeID(st)
			if err != nil {
				return unsupported("kernel variable %s: %v", t.Name, err)
			}
			*d = ptrReg(mBTFID)
			d.aux = int32(id)
			d.flags = fUntrusted // neither trusted nor RCU: readable, never a trusted argument
			return nil
		}
		n, err := btf.Sizeof(u)
		if err != nil || n <= 0 {
			return mfail("bad-ksym/size", wf, btfTypeName(u), -22)
		}
		*d = ptrReg(mMem)
		d.aux, d.flags = int32(n), fRdonly
		return nil
	}
	return mfail("bad-ksym/kind", wf, in.Imm)
}

// percpuVar reports whether v lies in the kernel's per-CPU data section.
func percpuVar(spec *btf.Spec, v *btf.Var) bool {
	var ds *btf.Datasec
	if spec.TypeByName(".data..percpu", &ds) != nil {
		return false
	}
	for _, vs := range ds.Vars {
		if vs.Type == v {
			return true
		}
	}
	return false
}

func btfTypeName(t btf.Type) string {
	if n := t.TypeName(); n != "" {
		return n
	}
	return "(anon)"
}
