package verified

import (
	"reflect"
	"testing"

	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// fill sets every field v reaches to a non-zero value, allocating slices,
// maps and pointers, so that a copy can be checked for shared memory.
func fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fill(v.Field(i), depth)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), depth)
		}
	case reflect.Pointer:
		if depth > 3 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	}
}

// shared reports a path at which a and b share memory.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if s := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); s != "" {
				return s
			}
		}
	case reflect.Slice, reflect.Pointer, reflect.Map:
		if !a.IsNil() && a.UnsafePointer() == b.UnsafePointer() {
			return path
		}
		switch a.Kind() {
		case reflect.Slice:
			for i := 0; i < a.Len(); i++ {
				if s := shared(a.Index(i), b.Index(i), path+"[i]"); s != "" {
					return s
				}
			}
		case reflect.Pointer:
			if !a.IsNil() {
				return shared(a.Elem(), b.Elem(), path+"*")
			}
		}
	}
	return ""
}

// TestNewSharesNothing fills every field of an ir.Program (so that fields
// added later are covered too) and checks that the Verified's copy and the
// copies its accessors return share no memory with it, and are equal.
func TestNewSharesNothing(t *testing.T) {
	var p ir.Program
	fill(reflect.ValueOf(&p).Elem(), 0)
	p.BTF, p.TargetBTF = nil, nil
	v := New(&p, "linux-4.3", platform.SkBuffV43TC)
	if s := shared(reflect.ValueOf(&p).Elem(), reflect.ValueOf(&v.prog).Elem(), "Program"); s != "" {
		t.Errorf("the Verified shares %s with the caller's program", s)
	}
	got := v.Program()
	if s := shared(reflect.ValueOf(&v.prog).Elem(), reflect.ValueOf(got).Elem(), "Program"); s != "" {
		t.Errorf("Program() shares %s with the Verified", s)
	}
	if !reflect.DeepEqual(*got, p) {
		t.Errorf("the copy differs from the program")
	}
	if c := v.Context(); c == platform.SkBuffV43TC || &c.Fields[0] == &platform.SkBuffV43TC.Fields[0] || !c.Equal(platform.SkBuffV43TC) {
		t.Errorf("Context() is not a private equal copy")
	}
}
