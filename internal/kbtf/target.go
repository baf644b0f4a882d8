package kbtf

import (
	"strings"
	"sync"

	"github.com/cilium/ebpf/btf"
)

// ArgKind is what a load of one context slot of a BTF-typed program gives
// (btf_ctx_access).
type ArgKind uint8

// Argument kinds.
const (
	ArgScalar ArgKind = iota // an integer, enum, struct by value, void * or int *: a number
	ArgPtr                   // a pointer to a struct: PTR_TO_BTF_ID of Arg.Struct
	ArgBad                   // a type btf_ctx_access refuses (Arg.Bad says which)
)

// Arg is one argument (or the return value) of an attach target.
type Arg struct {
	Kind   ArgKind
	Struct btf.TypeID // ArgPtr: the struct pointed at
	// Nullable is set by a "__nullable" suffix of the parameter's name.
	Nullable bool
	// Ref is set by a "__ref" suffix (struct_ops: a referenced argument).
	Ref bool
	Tag string // ArgPtr: the pointee's type tag ("user", "percpu"), if any
	Bad string // ArgBad: the type's kind, as the kernel's message names it
}

// Target is an attach target as the verifier sees it: the function whose
// arguments the program's context holds.
type Target struct {
	Name string // as the kernel's messages name it ("sched_switch", "do_unlinkat")
	Args []Arg
	// Ret is the return value, readable after the arguments by fexit,
	// fmod_ret and lsm programs; nil for a void function.
	Ret *Arg
	// RetInt says the target returns an integer (fmod_ret and lsm need one).
	RetInt bool
	// WideArg says an argument is a struct passed by value in more than
	// 8 bytes: it takes more than one context slot, so the arguments after
	// it are not at 8 * their index.
	WideArg bool
}

// Target kinds: how the section names the attach target.
const (
	KindTPBTF     = "tp_btf"     // a raw tracepoint: typedef btf_trace_<name>
	KindFunc      = "func"       // fentry, fexit, fmod_ret: a kernel function
	KindLSM       = "lsm"        // an LSM hook: bpf_lsm_<name>
	KindIter      = "iter"       // an iterator: bpf_iter_<name>
	KindStructOps = "struct_ops" // a member of a struct_ops struct: "<struct>.<member>"
)

// FindTarget resolves the attach target name of the given kind in spec.
func FindTarget(spec *btf.Spec, kind, name string) (*Target, *Error) {
	var proto *btf.FuncProto
	skipFirst := false
	var stub []btf.FuncParam
	switch kind {
	case KindTPBTF:
		var td *btf.Typedef
		if spec.TypeByName("btf_trace_"+name, &td) != nil {
			return nil, fail("EINVAL", "The attach target (tracepoint %s) is not in the kernel's BTF", name)
		}
		p, ok := skip(td.Type).(*btf.Pointer)
		if !ok {
			return nil, fail("EINVAL", "attach_btf_id %s is not a typedef", name)
		}
		if proto, ok = skip(p.Target).(*btf.FuncProto); !ok {
			return nil, fail("EINVAL", "attach_btf_id %s is not a typedef", name)
		}
		skipFirst = true
	case KindFunc, KindLSM, KindIter:
		fn := name
		switch kind {
		case KindLSM:
			fn = "bpf_lsm_" + name
		case KindIter:
			fn = "bpf_iter_" + name
		}
		var f *btf.Func
		if spec.TypeByName(fn, &f) != nil {
			return nil, fail("ESRCH", "The attach target (function %s) is not in the kernel's BTF", fn)
		}
		var ok bool
		if proto, ok = f.Type.(*btf.FuncProto); !ok {
			return nil, fail("EINVAL", "attach_btf_id %s is not a function", fn)
		}
	case KindStructOps:
		st, member, ok := strings.Cut(name, ".")
		if !ok {
			return nil, fail("EINVAL", "struct_ops member %q is not struct.member", name)
		}
		var s *btf.Struct
		if spec.TypeByName(st, &s) != nil {
			return nil, fail("ENOTSUPP", "struct_ops %s is not in the kernel's BTF", st)
		}
		for _, m := range s.Members {
			if m.Name != member {
				continue
			}
			p, ok := skip(m.Type).(*btf.Pointer)
			if !ok {
				return nil, fail("EINVAL", "struct_ops %s member %s is not a function pointer", st, member)
			}
			if proto, ok = skip(p.Target).(*btf.FuncProto); !ok {
				return nil, fail("EINVAL", "struct_ops %s member %s is not a function pointer", st, member)
			}
		}
		if proto == nil {
			return nil, fail("EINVAL", "struct_ops %s has no member %s", st, member)
		}
		// The kernel reads __nullable and __ref from the parameter names
		// of the member's stub, "<struct>__<member>".
		var f *btf.Func
		if spec.TypeByName(st+"__"+member, &f) == nil {
			if fp, ok := f.Type.(*btf.FuncProto); ok && len(fp.Params) == len(proto.Params) {
				stub = fp.Params
			}
		}
		name = member
	default:
		return nil, fail("EINVAL", "unknown attach target kind %s", kind)
	}
	t := &Target{Name: name}
	params := proto.Params
	if skipFirst && len(params) > 0 {
		params = params[1:]
	}
	for i, p := range params {
		a := argOf(spec, p.Type)
		if a.Kind == ArgScalar {
			if _, _, _, _, ok := composite(skip(p.Type)); ok {
				if n, err := btf.Sizeof(p.Type); err == nil && n > 8 {
					t.WideArg = true
				}
			}
		}
		pname := p.Name
		if stub != nil {
			pname = stub[i].Name
		}
		a.Nullable = strings.HasSuffix(pname, "__nullable")
		a.Ref = strings.HasSuffix(pname, "__ref")
		t.Args = append(t.Args, a)
	}
	if proto.Return != nil {
		if _, void := proto.Return.(*btf.Void); !void {
			a := argOf(spec, proto.Return)
			t.Ret = &a
			_, t.RetInt = skip(proto.Return).(*btf.Int)
		}
	}
	return t, nil
}

// argOf is btf_ctx_access's reading of one argument type.
func argOf(spec *btf.Spec, typ btf.Type) Arg {
	t := skip(typ)
	switch v := t.(type) {
	case *btf.Int:
		if v.Size <= 8 {
			return Arg{Kind: ArgScalar}
		}
		return Arg{Kind: ArgBad, Bad: "INT"}
	case *btf.Enum, *btf.Struct, *btf.Union:
		return Arg{Kind: ArgScalar}
	case *btf.Pointer:
		tag := ""
		if tt, ok := v.Target.(*btf.TypeTag); ok {
			tag = tt.Value
		}
		pt := skip(v.Target)
		switch pt.(type) {
		case *btf.Void, *btf.Int:
			return Arg{Kind: ArgScalar} // void * and int *: no further walking
		case *btf.Struct, *btf.Union:
			id, err := spec.TypeID(pt)
			if err != nil {
				return Arg{Kind: ArgBad, Bad: kindName(pt)}
			}
			return Arg{Kind: ArgPtr, Struct: id, Tag: tag}
		}
		return Arg{Kind: ArgBad, Bad: kindName(pt)}
	case *btf.Void:
		return Arg{Kind: ArgScalar}
	}
	return Arg{Kind: ArgBad, Bad: kindName(t)}
}

var kernel struct {
	once sync.Once
	spec *btf.Spec
	err  error
}

// Kernel returns the running kernel's BTF (/sys/kernel/btf/vmlinux),
// loaded once.
func Kernel() (*btf.Spec, error) {
	kernel.once.Do(func() { kernel.spec, kernel.err = btf.LoadKernelSpec() })
	return kernel.spec, kernel.err
}
