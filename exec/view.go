package exec

import (
	"encoding/binary"
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// field backs one context field of a model T: in writes the model's value
// into the field's bytes, out (nil for fields the model keeps read-only)
// takes the bytes back.
type field[T any] struct {
	size int
	in   func(*T, []byte)
	out  func(*T, []byte)
}

func u32ro[T any](get func(*T) uint32) field[T] {
	return field[T]{size: 4, in: func(s *T, b []byte) { binary.LittleEndian.PutUint32(b, get(s)) }}
}

func u32rw[T any](p func(*T) *uint32) field[T] {
	return field[T]{size: 4,
		in:  func(s *T, b []byte) { binary.LittleEndian.PutUint32(b, *p(s)) },
		out: func(s *T, b []byte) { *p(s) = binary.LittleEndian.Uint32(b) }}
}

func u64rw[T any](p func(*T) *uint64) field[T] {
	return field[T]{size: 8,
		in:  func(s *T, b []byte) { binary.LittleEndian.PutUint64(b, *p(s)) },
		out: func(s *T, b []byte) { *p(s) = binary.LittleEndian.Uint64(b) }}
}

// u32s backs an array of n __u32 (cb, the IPv6 addresses) as one field.
func u32s[T any](p func(*T) []uint32, rw bool) field[T] {
	f := field[T]{in: func(s *T, b []byte) {
		for i, v := range p(s) {
			binary.LittleEndian.PutUint32(b[4*i:], v)
		}
	}}
	var zero T
	f.size = 4 * len(p(&zero))
	if rw {
		f.out = func(s *T, b []byte) {
			a := p(s)
			for i := range a {
				a[i] = binary.LittleEndian.Uint32(b[4*i:])
			}
		}
	}
	return f
}

// view presents a model T in one context layout.
type view[T any] struct {
	fields []bound[T] // every scalar field, for syncIn
	out    []bound[T] // the writable ones, for syncOut
	ptrs   []ptrField // the fields that hold pointers the run fills in
}

type bound[T any] struct {
	off int
	field[T]
}

// ptrField is a context field whose load yields a pointer: the run writes
// it (packet pointers into the packet buffer, NULL for a socket the model
// has none of).
type ptrField struct {
	off, size int
	yields    platform.Yield
}

// newView binds a layout to a model; it fails if the model does not back
// a field the layout has (or cannot take back one it lets programs write).
func newView[T any](c *platform.Context, model map[string]field[T], size int) (*view[T], error) {
	if c.Size > size {
		return nil, fmt.Errorf("exec's %s model (%d bytes) does not back %s", c.Name, size, c)
	}
	v := &view[T]{}
	for _, f := range c.Fields {
		if f.Off < 0 || f.Off+f.Size > c.Size {
			return nil, fmt.Errorf("field %s lies outside %s", f.Name, c)
		}
		switch f.Yields {
		case platform.YieldScalar:
		case platform.YieldPacket, platform.YieldPacketEnd, platform.YieldPacketMeta:
			if f.Size != 4 && f.Size != 8 || f.Write {
				return nil, fmt.Errorf("exec's %s model does not back packet pointer %s (size %d)", c.Name, f.Name, f.Size)
			}
			v.ptrs = append(v.ptrs, ptrField{f.Off, f.Size, f.Yields})
			continue
		case platform.YieldSockCommon, platform.YieldSocket:
			// The model has no socket: NULL, which the verifier makes the
			// program test for.
			if !f.OrNull || f.Write {
				return nil, fmt.Errorf("exec's %s model has no socket for %s", c.Name, f.Name)
			}
			v.ptrs = append(v.ptrs, ptrField{f.Off, f.Size, f.Yields})
			continue
		default:
			return nil, fmt.Errorf("exec's %s model does not back pointer field %s", c.Name, f.Name)
		}
		m, ok := model[f.Name]
		if !ok || m.size != f.Size {
			return nil, fmt.Errorf("exec's %s model does not back field %s (off %d size %d)", c.Name, f.Name, f.Off, f.Size)
		}
		if f.Write && m.out == nil {
			return nil, fmt.Errorf("exec's %s model cannot take back writes to %s", c.Name, f.Name)
		}
		v.fields = append(v.fields, bound[T]{f.Off, m})
		if f.Write {
			v.out = append(v.out, bound[T]{f.Off, m})
		}
	}
	return v, nil
}

func mustView[T any](c *platform.Context, model map[string]field[T], size int) *view[T] {
	v, err := newView(c, model, size)
	if err != nil {
		panic(err)
	}
	return v
}

// syncIn writes the model into the context buffer.
func (v *view[T]) syncIn(s *T, ctx []byte) {
	for _, f := range v.fields {
		f.in(s, ctx[f.off:f.off+f.size])
	}
}

// syncOut reads back the fields a program may write.
func (v *view[T]) syncOut(s *T, ctx []byte) {
	for _, f := range v.out {
		f.out(s, ctx[f.off:f.off+f.size])
	}
}

// hasPacket reports whether the layout holds packet pointers.
func (v *view[T]) hasPacket() bool {
	for _, p := range v.ptrs {
		if p.yields != platform.YieldSockCommon && p.yields != platform.YieldSocket {
			return true
		}
	}
	return false
}

// putPtrs writes the pointer fields from the run's packet.
func putPtrs(ptrs []ptrField, ctx []byte, pk *packet) {
	for _, p := range ptrs {
		var a uint64
		switch p.yields {
		case platform.YieldPacket:
			a = pk.addr(pk.data)
		case platform.YieldPacketEnd:
			a = pk.addr(pk.end)
		case platform.YieldPacketMeta:
			a = pk.addr(pk.meta)
		}
		if p.size == 4 {
			binary.LittleEndian.PutUint32(ctx[p.off:], uint32(a))
		} else {
			binary.LittleEndian.PutUint64(ctx[p.off:], a)
		}
	}
}
