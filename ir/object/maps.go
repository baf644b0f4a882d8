package object

import (
	"debug/elf"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Map flags libbpf sets on global data maps.
const (
	flagRdonlyProg = 0x80 // BPF_F_RDONLY_PROG
	flagMmapable   = 0x400
)

// Legacy map record layouts. Every variant starts with type, key size,
// value size and max entries (u32 each), most with map flags next.
const (
	// bpf_map_def of samples/bpf (28 bytes): ..., map_flags,
	// inner_map_idx (the inner map's index in the section), numa_node.
	legacyInnerIdx = 20
	// bpf_elf_map of iproute2 (36 bytes): ..., flags, id, pinning,
	// inner_id (the id of the inner map's template), inner_idx.
	iproute2ID      = 20
	iproute2InnerID = 28
	iproute2Size    = 36
)

func isMapInMap(t ir.MapType) bool {
	n := t.String()
	return n == "array_of_maps" || n == "hash_of_maps"
}

// loadMaps builds every map of the object in a fixed order: legacy maps
// sections and BTF .maps (each by offset), then global data sections,
// each in section order. Names are unique per object, so the order and
// every error naming a map are the same on every run.
func (f *file) loadMaps() error {
	var pending [][2]int
	for _, s := range f.secs {
		switch {
		case s.name == "maps" || strings.HasPrefix(s.name, "maps/"):
			if err := f.legacyMaps(s, &pending); err != nil {
				return fmt.Errorf("section %s: %w", s.name, err)
			}
		case s.name == ".maps":
			if err := f.btfMaps(s); err != nil {
				return fmt.Errorf("section .maps: %w", err)
			}
		}
	}
	// An inner_map_idx past its own section's maps (one maps/NAME section
	// per map) counts the object's maps in section order.
	for _, p := range pending {
		if i, j := p[0], p[1]; j < len(f.maps) && j != i {
			in := f.maps[j]
			f.maps[i].Inner = &in
		}
	}
	for _, s := range f.secs {
		if s.exec || !isDataSection(s.name) || s.hdr.Size == 0 || s.hdr.Flags&elf.SHF_ALLOC == 0 {
			continue
		}
		if s.hdr.Size > maxDataSection {
			return fmt.Errorf("section %s: %d bytes of global data, more than the %d an array map value can hold", s.name, s.hdr.Size, maxDataSection)
		}
		m := ir.MapSpec{Name: s.name, Type: arrayType, KeySize: 4, ValueSize: uint32(s.hdr.Size), MaxEntries: 1,
			Data: s.name, Contents: make([]byte, s.hdr.Size)}
		if s.hdr.Type != elf.SHT_NOBITS {
			copy(m.Contents, s.data)
		}
		if strings.HasPrefix(s.name, ".rodata") {
			m.Flags, m.Frozen = flagRdonlyProg, true
		}
		var ds *btf.Datasec
		if f.btf != nil && f.btf.TypeByName(s.name, &ds) == nil {
			valueBTF(&m, ds) // libbpf creates the map with the section's BTF as its value type
		}
		f.dataMap[s.index] = len(f.maps)
		f.maps = append(f.maps, m)
	}
	return nil
}

var arrayType, _ = platform.ParseMapType("array")

// maxDataSection bounds a global data section (a .bss has no bytes in the
// file): the kernel's array maps take values of at most KMALLOC_MAX_SIZE
// (4 MiB on x86-64 with 4 KiB pages) anyway.
const maxDataSection = 1 << 22

// legacyMaps reads the records of a legacy maps section. Each map symbol
// starts a record; the record size is the symbols' size where they have
// one, else (old clang's size-0 symbols) the section size divided by the
// number of maps, as samples/bpf's loader computes it.
func (f *file) legacyMaps(s *section, pending *[][2]int) error {
	type msym struct {
		name string
		off  uint64
		size uint64
	}
	var ms []msym
	for _, sym := range f.syms[1:] {
		t := elf.ST_TYPE(sym.Info)
		if int(sym.Section) != s.index || (t != elf.STT_OBJECT && t != elf.STT_NOTYPE) || sym.Name == "" {
			continue
		}
		ms = append(ms, msym{sym.Name, sym.Value, sym.Size})
	}
	if len(ms) == 0 {
		return nil
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].off != ms[j].off {
			return ms[i].off < ms[j].off
		}
		return ms[i].name < ms[j].name
	})
	size := s.hdr.Size / uint64(len(ms))
	if ms[0].size > 0 {
		size = ms[0].size
	}
	if size < 16 {
		return fmt.Errorf("map %s: record of %d bytes, want at least 16 (type, key, value size and max entries)", ms[0].name, size)
	}
	if s.data == nil {
		return fmt.Errorf("no contents (SHT_NOBITS)")
	}
	first := len(f.maps)
	ids := map[uint32]int{}
	for _, m := range ms {
		if m.off+size > uint64(len(s.data)) {
			return fmt.Errorf("map %s: record at offset %d of %d bytes runs past the section's %d bytes", m.name, m.off, size, len(s.data))
		}
		rec := s.data[m.off : m.off+size]
		spec := ir.MapSpec{Name: m.name, Type: ir.MapType(le.Uint32(rec)), KeySize: le.Uint32(rec[4:]),
			ValueSize: le.Uint32(rec[8:]), MaxEntries: le.Uint32(rec[12:])}
		if size >= 20 {
			spec.Flags = le.Uint32(rec[16:])
		}
		if size >= iproute2Size {
			ids[le.Uint32(rec[iproute2ID:])] = len(f.maps)
		}
		f.mapAt[secOff{s.index, m.off}] = len(f.maps)
		f.maps = append(f.maps, spec)
	}
	// Map-in-map templates: samples/bpf name the inner map by its index
	// in the section, iproute2 by its id.
	for i, m := range ms {
		spec := &f.maps[first+i]
		if !isMapInMap(spec.Type) {
			continue
		}
		rec := s.data[m.off : m.off+size]
		inner := -1
		switch {
		case size >= iproute2Size:
			if j, ok := ids[le.Uint32(rec[iproute2InnerID:])]; ok {
				inner = j
			}
		case size >= legacyInnerIdx+4:
			if j := int(le.Uint32(rec[legacyInnerIdx:])); j < len(ms) && j != i {
				inner = first + j
			} else {
				*pending = append(*pending, [2]int{first + i, j})
			}
		}
		if inner >= 0 && inner != first+i {
			in := f.maps[inner]
			spec.Inner = &in
		}
	}
	return nil
}

// btfMaps reads the map definitions of the .maps section from its BTF
// data section: each variable is a struct whose members give the type,
// sizes, entries and flags (__uint fields are pointers to arrays of that
// many elements; key and value are pointers to their types).
func (f *file) btfMaps(s *section) error {
	if f.btf == nil {
		return errors.New("map definitions without BTF")
	}
	var ds *btf.Datasec
	if err := f.btf.TypeByName(".maps", &ds); err != nil {
		return fmt.Errorf("BTF data section .maps: %w", err)
	}
	vars := append([]btf.VarSecinfo(nil), ds.Vars...)
	sort.SliceStable(vars, func(i, j int) bool { return vars[i].Offset < vars[j].Offset })
	for _, vs := range vars {
		v, ok := vs.Type.(*btf.Var)
		if !ok {
			return fmt.Errorf("entry at offset %d is a %T, not a variable", vs.Offset, vs.Type)
		}
		def, ok := btf.UnderlyingType(v.Type).(*btf.Struct)
		if !ok {
			return fmt.Errorf("map %s: definition is a %T, not a struct", v.Name, v.Type)
		}
		spec, err := btfMapDef(v.Name, def, 0)
		if err != nil {
			return fmt.Errorf("map %s: %w", v.Name, err)
		}
		f.mapAt[secOff{s.index, uint64(vs.Offset)}] = len(f.maps)
		f.maps = append(f.maps, spec)
	}
	return nil
}

func btfMapDef(name string, def *btf.Struct, depth int) (ir.MapSpec, error) {
	spec := ir.MapSpec{Name: name}
	for _, m := range def.Members {
		switch m.Name {
		case "type", "key_size", "value_size", "max_entries", "map_flags":
			n, err := uintField(m.Type)
			if err != nil {
				return spec, fmt.Errorf("field %s: %w", m.Name, err)
			}
			switch m.Name {
			case "type":
				spec.Type = ir.MapType(n)
			case "key_size":
				spec.KeySize = n
			case "value_size":
				spec.ValueSize = n
			case "max_entries":
				spec.MaxEntries = n
			case "map_flags":
				spec.Flags = n
			}
		case "key", "value":
			p, ok := btf.UnderlyingType(m.Type).(*btf.Pointer)
			if !ok {
				return spec, fmt.Errorf("field %s is a %T, not a pointer", m.Name, m.Type)
			}
			n, err := btf.Sizeof(p.Target)
			if err != nil {
				return spec, fmt.Errorf("field %s: %w", m.Name, err)
			}
			if m.Name == "key" {
				spec.KeySize = uint32(n)
			} else {
				spec.ValueSize = uint32(n)
				valueBTF(&spec, p.Target)
			}
		case "values":
			// __array(values, struct inner): map-in-map templates (or
			// prog array initialisers, which carry no template).
			a, ok := btf.UnderlyingType(m.Type).(*btf.Array)
			if !ok {
				return spec, fmt.Errorf("field values is a %T, not an array", m.Type)
			}
			p, ok := btf.UnderlyingType(a.Type).(*btf.Pointer)
			if !ok {
				return spec, fmt.Errorf("field values holds %T, not pointers", a.Type)
			}
			if in, ok := btf.UnderlyingType(p.Target).(*btf.Struct); ok && depth == 0 {
				inner, err := btfMapDef(name+".inner", in, depth+1)
				if err != nil {
					return spec, fmt.Errorf("inner map: %w", err)
				}
				spec.Inner = &inner
			}
		}
	}
	if isMapInMap(spec.Type) && spec.ValueSize == 0 {
		spec.ValueSize = 4
	}
	return spec, nil
}

// uintField reads a __uint(name, N) member, a pointer to an array of N
// elements, or a __ulong(name, N) member (map_extra), of which it keeps the
// low 32 bits.
func uintField(t btf.Type) (uint32, error) {
	p, ok := btf.UnderlyingType(t).(*btf.Pointer)
	if !ok {
		return 0, fmt.Errorf("%T, not a pointer to an array", t)
	}
	switch t := btf.UnderlyingType(p.Target).(type) {
	case *btf.Array:
		return t.Nelems, nil
	case *btf.Enum:
		// __ulong(name, N): a pointer to an enum whose one value is N.
		if len(t.Values) == 1 {
			return uint32(t.Values[0].Value), nil
		}
	}
	return 0, fmt.Errorf("pointer to %T, not to an array", p.Target)
}
