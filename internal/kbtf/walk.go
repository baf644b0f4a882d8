// Package kbtf reads the kernel's BTF the way Linux 6.18's verifier does
// for programs that see kernel objects typed by BTF (tracing, lsm,
// struct_ops, iterators, bpf_get_current_task_btf): the arguments of an
// attach target, and what a load at an offset of a kernel structure
// gives (btf_struct_walk). It reads BTF only through cilium/ebpf's btf
// package.
//
// The package holds no verifier state: absint asks it questions and keeps
// the answers (type ids of the target Spec) in its registers.
package kbtf

import (
	"fmt"
	"strings"

	"github.com/cilium/ebpf/btf"
)

// Error is a refusal in the kernel's words, with the errno it returns.
type Error struct {
	Errno string // "EACCES", "EINVAL"
	Msg   string
}

func (e *Error) Error() string { return e.Msg }

func fail(errno, format string, args ...any) *Error {
	return &Error{Errno: errno, Msg: fmt.Sprintf(format, args...)}
}

// LoadKind is what a load through a BTF pointer gives.
type LoadKind uint8

// Load kinds (btf_struct_access's results).
const (
	LoadScalar LoadKind = iota // a number
	LoadPtr                    // a pointer to the struct Load.Target (PTR_TO_BTF_ID)
	// LoadUntrustedMem is a pointer to something that is not a struct
	// (char *, void *): PTR_TO_MEM | MEM_RDONLY | PTR_UNTRUSTED of size 0,
	// which cannot be dereferenced.
	LoadUntrustedMem
)

// Load is the result of a load from a kernel structure.
type Load struct {
	Kind   LoadKind
	Target btf.TypeID // LoadPtr: the struct pointed at
	Field  string     // LoadPtr: the pointer member's name
	// Tag is the pointee's type tag ("rcu", "user", "percpu"), "" if none.
	Tag string
	// Union says the walk went through a union of more than one member:
	// the pointer read is untrusted.
	Union bool
}

// Kernel BTF kind names, as the kernel's btf_type_str prints them.
func kindName(t btf.Type) string {
	switch t.(type) {
	case *btf.Int:
		return "INT"
	case *btf.Pointer:
		return "PTR"
	case *btf.Array:
		return "ARRAY"
	case *btf.Struct:
		return "STRUCT"
	case *btf.Union:
		return "UNION"
	case *btf.Enum:
		return "ENUM"
	case *btf.Fwd:
		return "FWD"
	case *btf.Typedef:
		return "TYPEDEF"
	case *btf.Volatile:
		return "VOLATILE"
	case *btf.Const:
		return "CONST"
	case *btf.Restrict:
		return "RESTRICT"
	case *btf.Func:
		return "FUNC"
	case *btf.FuncProto:
		return "FUNC_PROTO"
	case *btf.Var:
		return "VAR"
	case *btf.Datasec:
		return "DATASEC"
	case *btf.Float:
		return "FLOAT"
	case *btf.TypeTag:
		return "TYPE_TAG"
	}
	return "UNKNOWN"
}

// skip drops modifiers (typedef, const, volatile, restrict, type tags), as
// btf_type_skip_modifiers does.
func skip(t btf.Type) btf.Type { return btf.UnderlyingType(t) }

// composite returns a struct's or union's name, size and members.
// An unnamed one is "(anon)", as the kernel's messages name it.
func composite(t btf.Type) (name string, size uint32, members []btf.Member, union, ok bool) {
	switch c := t.(type) {
	case *btf.Struct:
		return anon(c.Name), c.Size, c.Members, false, true
	case *btf.Union:
		return anon(c.Name), c.Size, c.Members, true, true
	}
	return "", 0, nil, false, false
}

func anon(name string) string {
	if name == "" {
		return "(anon)"
	}
	return name
}

// TypeName is the name of the struct a BTF pointer of type id points at.
func TypeName(spec *btf.Spec, id btf.TypeID) string {
	t, err := spec.TypeByID(id)
	if err != nil {
		return "?"
	}
	return skip(t).TypeName()
}

// IsStruct reports whether id names a struct or union (after modifiers).
func IsStruct(spec *btf.Spec, id btf.TypeID) bool {
	t, err := spec.TypeByID(id)
	if err != nil {
		return false
	}
	_, _, _, _, ok := composite(skip(t))
	return ok
}

// StructID returns the id of the struct named name, false if spec has none
// or more than one.
func StructID(spec *btf.Spec, name string) (btf.TypeID, bool) {
	var s *btf.Struct
	if err := spec.TypeByName(name, &s); err != nil {
		return 0, false
	}
	id, err := spec.TypeID(s)
	return id, err == nil
}

// resolveArray linearises a (multi-dimensional) array as the kernel's
// __btf_resolve_size does: the innermost element type, the number of
// elements in all, and the array's total size.
func resolveArray(a *btf.Array) (elem btf.Type, n uint32, size uint32, err error) {
	n = 1
	var t btf.Type = a
	for {
		arr, ok := skip(t).(*btf.Array)
		if !ok {
			break
		}
		n *= arr.Nelems
		t = arr.Type
	}
	elem = skip(t)
	es, err := btf.Sizeof(elem)
	if err != nil {
		return nil, 0, 0, err
	}
	return elem, n, uint32(es) * n, nil
}

// Walk is btf_struct_access for a load of size bytes at off in the struct
// id: a scalar, a pointer to another struct, or the kernel's refusal.
func Walk(spec *btf.Spec, id btf.TypeID, off, size int) (Load, *Error) {
	t, err := spec.TypeByID(id)
	if err != nil {
		return Load{}, fail("EINVAL", "verifier internal error: btf_id %d not found", id)
	}
	t = skip(t)
	var res Load
	for depth := 0; depth < 64; depth++ {
		kind, next, e := walkOnce(t, off, size, &res)
		if e != nil {
			return Load{}, e
		}
		switch kind {
		case walkScalar:
			return Load{Kind: LoadScalar, Union: res.Union}, nil
		case walkPtrUntrusted:
			return Load{Kind: LoadUntrustedMem, Union: res.Union}, nil
		case walkPtr:
			tid, err := spec.TypeID(next)
			if err != nil {
				return Load{}, fail("EINVAL", "verifier internal error: pointee of %s not in BTF", res.Field)
			}
			res.Kind, res.Target = LoadPtr, tid
			return res, nil
		case walkStruct:
			t, off = next, 0
		}
	}
	return Load{}, fail("EINVAL", "struct nesting too deep")
}

type walkResult uint8

const (
	walkScalar walkResult = iota
	walkPtr
	walkPtrUntrusted
	walkStruct
)

// walkOnce is btf_struct_walk: it finds the member holding [off, off+size)
// of t, descending into nested structs and array elements.
func walkOnce(t btf.Type, off, size int, res *Load) (walkResult, btf.Type, *Error) {
	for depth := 0; depth < 64; depth++ {
		t = skip(t)
		tname, tsize, members, union, ok := composite(t)
		if !ok {
			return 0, nil, fail("EINVAL", "Type '%s' is not a struct", t.TypeName())
		}
		if union && len(members) != 1 {
			res.Union = true
		}
		if off+size > int(tsize) {
			// A flexible array member at the end may be read past the
			// struct's size.
			beyond := fail("EACCES", "access beyond struct %s at off %d size %d", tname, off, size)
			if len(members) == 0 {
				return 0, nil, beyond
			}
			last := members[len(members)-1]
			arr, ok := skip(last.Type).(*btf.Array)
			if !ok || arr.Nelems != 0 {
				return 0, nil, beyond
			}
			moff := int(last.Offset.Bytes())
			if off < moff {
				return 0, nil, beyond
			}
			elem := skip(arr.Type)
			if _, ok := elem.(*btf.Int); ok {
				return walkScalar, nil, nil
			}
			_, esize, _, _, ok := composite(elem)
			if !ok || esize == 0 {
				return 0, nil, beyond
			}
			off = (off - moff) % int(esize)
			t = elem
			continue
		}
		next, e := walkMembers(t, tname, members, &off, size, res)
		if e != nil {
			return 0, nil, e
		}
		if next.again != nil {
			t = next.again
			continue
		}
		return next.kind, next.t, nil
	}
	return 0, nil, fail("EINVAL", "struct nesting too deep")
}

type memberStep struct {
	kind  walkResult
	t     btf.Type // walkPtr: the struct pointed at; walkStruct: the nested struct
	again btf.Type // descend into this struct at the adjusted offset
}

func walkMembers(t btf.Type, tname string, members []btf.Member, off *int, size int, res *Load) (memberStep, *Error) {
	o := *off
	for _, m := range members {
		moff := int(m.Offset) / 8
		if o+size <= moff {
			break
		}
		if m.BitfieldSize != 0 {
			endBit := int(m.Offset) + int(m.BitfieldSize)
			if o <= moff && (endBit+7)/8 <= o+size {
				return memberStep{kind: walkScalar}, nil
			}
			continue
		}
		if o < moff {
			break // a hole
		}
		mtype := skip(m.Type)
		var msize int
		if arr, ok := mtype.(*btf.Array); ok {
			elem, n, total, err := resolveArray(arr)
			if err != nil {
				return memberStep{}, fail("EFAULT", "field %s doesn't have size", m.Name)
			}
			mtrueEnd := moff + int(total)
			if o >= mtrueEnd {
				continue
			}
			if moff == mtrueEnd {
				continue // an empty array
			}
			msize = int(total / n)
			idx := (o - moff) / msize
			moff += idx * msize
			step, done, e := memberOf(elem, m.Name, tname, moff, msize, mtrueEnd, o, size, res)
			if done || e != nil {
				if step.again != nil {
					*off = o - moff
				}
				return step, e
			}
			continue
		}
		s, err := btf.Sizeof(mtype)
		if err != nil {
			return memberStep{}, fail("EFAULT", "field %s doesn't have size", m.Name)
		}
		msize = s
		mtrueEnd := moff + msize
		if o >= mtrueEnd {
			continue
		}
		step, done, e := memberOf(mtype, m.Name, tname, moff, msize, mtrueEnd, o, size, res)
		if done || e != nil {
			if step.again != nil {
				*off = o - moff
			}
			return step, e
		}
	}
	return memberStep{}, fail("EINVAL", "struct %s doesn't have field at offset %d", tname, o)
}

// memberOf decides an access overlapping member (or array element) mtype at
// moff; done is false when the walk goes on to the next member.
func memberOf(mtype btf.Type, mname, tname string, moff, msize, mtrueEnd, off, size int, res *Load) (memberStep, bool, *Error) {
	if _, _, _, _, ok := composite(mtype); ok {
		if off == moff {
			return memberStep{kind: walkStruct, t: mtype}, true, nil
		}
		return memberStep{again: mtype}, true, nil
	}
	if p, ok := mtype.(*btf.Pointer); ok {
		if msize != size || off != moff {
			return memberStep{}, true, fail("EACCES", "cannot access ptr member %s with moff %d in struct %s with off %d size %d",
				mname, moff, tname, off, size)
		}
		tag := ""
		if tt, ok := p.Target.(*btf.TypeTag); ok {
			tag = tt.Value
		}
		if _, _, _, _, ok := composite(skip(p.Target)); ok {
			res.Field, res.Tag = mname, tag
			return memberStep{kind: walkPtr, t: skip(p.Target)}, true, nil
		}
		return memberStep{kind: walkPtrUntrusted}, true, nil
	}
	if off+size > mtrueEnd && !res.Union {
		return memberStep{}, true, fail("EACCES", "access beyond the end of member %s (mend:%d) in struct %s with off %d size %d",
			mname, mtrueEnd, tname, off, size)
	}
	return memberStep{kind: walkScalar}, true, nil
}

// SafeField reports whether the pointer member field of struct base,
// pointing at target, is listed in the kernel's "<base><suffix>" struct
// (BTF_TYPE_SAFE_TRUSTED and friends, which the kernel emits into its BTF:
// suffixes "__safe_trusted", "__safe_trusted_or_null", "__safe_rcu",
// "__safe_rcu_or_null").
func SafeField(spec *btf.Spec, base btf.TypeID, field string, target btf.TypeID, suffix string) bool {
	bt, err := spec.TypeByID(base)
	if err != nil {
		return false
	}
	name := skip(bt).TypeName()
	if name == "" {
		return false
	}
	var members []btf.Member
	switch skip(bt).(type) {
	case *btf.Struct:
		var s *btf.Struct
		if spec.TypeByName(name+suffix, &s) != nil {
			return false
		}
		members = s.Members
	default:
		return false
	}
	for _, m := range members {
		p, ok := skip(m.Type).(*btf.Pointer)
		if !ok || m.Name != field {
			continue
		}
		id, err := spec.TypeID(skip(p.Target))
		if err == nil && id == target {
			return true
		}
	}
	return false
}

// BeginsWith reports whether the struct id is the struct named name, or
// begins with one: its member at offset 0, recursively (the kernel's
// btf_struct_ids_match for an offset of 0).
func BeginsWith(spec *btf.Spec, id btf.TypeID, name string) bool {
	t, err := spec.TypeByID(id)
	if err != nil {
		return false
	}
	for depth := 0; depth < 32; depth++ {
		t = skip(t)
		n, _, members, _, ok := composite(t)
		if !ok {
			return false
		}
		if n == name {
			return true
		}
		if len(members) == 0 || members[0].Offset != 0 {
			return false
		}
		t = members[0].Type
	}
	return false
}

// MemberSpan finds a member of struct id by its dotted path, each name
// looked for in the struct and, depth first, in the structs nested in it
// (tcp_sock's sk_pacing_rate is in its sock); it returns the member's
// byte offset and end in id.
func MemberSpan(spec *btf.Spec, id btf.TypeID, path string) (off, end int, ok bool) {
	t, err := spec.TypeByID(id)
	if err != nil {
		return 0, 0, false
	}
	base := 0
	for _, name := range strings.Split(path, ".") {
		o, mt, found := findMember(t, name, 0)
		if !found {
			return 0, 0, false
		}
		base += o
		t = mt
	}
	size, err := btf.Sizeof(t)
	if err != nil {
		return 0, 0, false
	}
	return base, base + size, true
}

func findMember(t btf.Type, name string, depth int) (int, btf.Type, bool) {
	_, _, members, _, ok := composite(skip(t))
	if !ok || depth > 16 {
		return 0, nil, false
	}
	for _, m := range members {
		if m.Name == name && m.BitfieldSize == 0 {
			return int(m.Offset / 8), m.Type, true
		}
	}
	for _, m := range members {
		if _, _, _, _, ok := composite(skip(m.Type)); ok {
			if o, mt, found := findMember(m.Type, name, depth+1); found {
				return int(m.Offset/8) + o, mt, true
			}
		}
	}
	return 0, nil, false
}
