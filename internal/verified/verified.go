// Package verified holds the one type that stands for a program a verifier
// profile accepted. Only code inside this module can construct one (the
// package is internal); absint's Verify is the only caller, and users see
// the type as absint.Verified. exec and jit import this package, not the
// verifier, so running a verified program links neither the analysis nor
// gonum.
//
// A Program is immutable: New copies everything it is given, and every
// accessor returns a fresh copy, so nothing a caller holds can change what
// was verified.
package verified

import (
	"reflect"
	"sync"

	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Program is a program exactly as a verifier profile accepted it: its
// instructions, maps, program type, license and the context layout its
// type implies. Everything the profile proved holds for it: every reachable
// instruction is well formed, every memory access is in bounds for the
// pointer it goes through, provided r1 points at a context of Context()'s
// layout; helpers get the argument types they declare; the program
// terminates.
type Program struct {
	prog    ir.Program // private deep copy
	profile string
	ctx     *platform.Context
}

// New records that profile accepted p with context layout ctx. It takes
// deep copies of both (every slice, map and pointer p reaches; only the
// opaque BTF specs are shared); later changes to p or ctx have no effect.
func New(p *ir.Program, profile string, ctx *platform.Context) *Program {
	return Own(Copy(p), profile, ctx)
}

// Own is New for a program the caller hands over: p must be a copy from
// Copy that nothing else refers to and nobody changes afterwards (absint's
// Verify judges such a copy and hands it on, so the verified program is
// exactly the judged one, copied once). ctx is copied.
func Own(p *ir.Program, profile string, ctx *platform.Context) *Program {
	return &Program{prog: *p, profile: profile, ctx: ctx.Clone()}
}

// Copy is a deep copy of p: every slice, map and pointer it reaches is
// duplicated; only the opaque BTF specs are shared.
func Copy(p *ir.Program) *ir.Program {
	c := copyProgram(p)
	return &c
}

func copyProgram(p *ir.Program) ir.Program {
	var c ir.Program
	deepCopy(reflect.ValueOf(&c).Elem(), reflect.ValueOf(p).Elem())
	return c
}

// deepCopy copies src into dst, duplicating every slice, map and pointer
// it reaches, so that the copy shares no memory with src. Interface values
// (the BTF specs, which nothing changes after loading) are shared.
func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			deepCopy(dst.Field(i), src.Field(i))
		}
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		d := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if pointerFree(src.Type().Elem()) {
			reflect.Copy(d, src)
		} else {
			for i := 0; i < src.Len(); i++ {
				deepCopy(d.Index(i), src.Index(i))
			}
		}
		dst.Set(d)
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		d := reflect.New(src.Type().Elem())
		deepCopy(d.Elem(), src.Elem())
		dst.Set(d)
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		d := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			k, v := reflect.New(src.Type().Key()).Elem(), reflect.New(src.Type().Elem()).Elem()
			deepCopy(k, it.Key())
			deepCopy(v, it.Value())
			d.SetMapIndex(k, v)
		}
		dst.Set(d)
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			deepCopy(dst.Index(i), src.Index(i))
		}
	default: // scalars, strings (immutable), interfaces
		dst.Set(src)
	}
}

// pointerFreeTypes caches pointerFree's answers (reflect.Type -> bool):
// walking a struct's fields by reflection on every copy cost a fifth of
// verifying a small program.
var pointerFreeTypes sync.Map

// pointerFree reports whether values of t hold no slice, map, pointer or
// interface, so that copying them by value duplicates them.
func pointerFree(t reflect.Type) bool {
	if free, ok := pointerFreeTypes.Load(t); ok {
		return free.(bool)
	}
	free := typePointerFree(t)
	pointerFreeTypes.Store(t, free)
	return free
}

func typePointerFree(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !pointerFree(t.Field(i).Type) {
				return false
			}
		}
		return true
	case reflect.Array:
		return pointerFree(t.Elem())
	case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false
	}
	return true
}

// Program returns a copy of the verified program; changing it changes
// nothing that was verified.
func (v *Program) Program() *ir.Program {
	c := copyProgram(&v.prog)
	return &c
}

// Name is the program's name.
func (v *Program) Name() string { return v.prog.Name }

// Type is the program type it was verified for.
func (v *Program) Type() ir.ProgType { return v.prog.Type }

// License is the license it was verified with.
func (v *Program) License() string { return v.prog.License }

// Insns returns a copy of the verified instructions.
func (v *Program) Insns() []ir.Instruction { return append([]ir.Instruction(nil), v.prog.Insns...) }

// Maps returns a copy of the specs of the maps it was verified with.
func (v *Program) Maps() []ir.MapSpec { return append([]ir.MapSpec(nil), v.prog.Maps...) }

// Context returns a copy of the layout of the context r1 must point at,
// as the program type implies it.
func (v *Program) Context() *platform.Context { return v.ctx.Clone() }

// Profile names the verifier profile that accepted the program.
func (v *Program) Profile() string { return v.profile }
