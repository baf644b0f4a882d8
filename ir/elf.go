package ir

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/btf"
)

// loadELF reads a clang -target bpf object through cilium/ebpf. Programs come
// in the object's order (section index, then symbol offset); Program.Maps is
// the object's maps sorted by name, and every map load's imm is rewritten to
// its index there.
func loadELF(name string, data []byte, opts LoadOptions) (progs []*Program, err error) {
	defer func() {
		// cilium/ebpf is not written for hostile input; a panic in it
		// becomes an error about this file, never a crash.
		if r := recover(); r != nil {
			progs, err = nil, fmt.Errorf("%s: corrupt ELF object: %v", name, r)
		}
	}()
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: corrupt ELF object: %w", name, err)
	}
	if ef.Machine != elf.EM_BPF {
		return nil, fmt.Errorf("%s: ELF object for %v, not BPF", name, ef.Machine)
	}
	rest, bare, err := splitBareSections(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(padLegacyMaps(rest)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}

	mapNames := make([]string, 0, len(spec.Maps))
	for n := range spec.Maps {
		mapNames = append(mapNames, n)
	}
	sort.Strings(mapNames)
	mapIndex := map[string]int{}
	maps := make([]MapSpec, len(mapNames))
	for i, n := range mapNames {
		m := spec.Maps[n]
		mapIndex[n] = i
		maps[i] = MapSpec{Name: n, Type: MapType(m.Type), KeySize: m.KeySize, ValueSize: m.ValueSize, MaxEntries: m.MaxEntries, Flags: m.Flags}
	}

	order := symbolOrder(ef)
	names := make([]string, 0, len(spec.Programs))
	for n, ps := range spec.Programs {
		if opts.Section == "" || ps.SectionName == opts.Section {
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := order[names[i]], order[names[j]]
		if a != b {
			return a < b
		}
		return names[i] < names[j]
	})
	if len(names) == 0 && len(bare) == 0 {
		if opts.Section != "" {
			return nil, fmt.Errorf("%s: no program in section %q", name, opts.Section)
		}
		return nil, fmt.Errorf("%s: no BPF programs in the object", name)
	}
	for _, n := range names {
		p, err := convertProgram(spec.Programs[n], maps, mapIndex, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: program %s: %w", name, n, err)
		}
		progs = append(progs, p)
	}
	// Sections without symbols are one program each, named after the
	// section, placed in section order among the others.
	for _, b := range bare {
		if opts.Section != "" && b.name != opts.Section {
			continue
		}
		p := &Program{Name: b.name, Section: b.name, Type: ProgType(sectionType(b.name)), Insns: b.insns, Maps: maps,
			License: licenseOf(ef)}
		if opts.Type != ProgTypeUnspec {
			p.Type = opts.Type
		}
		if opts.License != "" {
			p.License = opts.License
		}
		at := len(progs)
		for i, q := range progs {
			if order[q.Name] > uint64(b.index)<<40 {
				at = i
				break
			}
		}
		progs = append(progs[:at], append([]*Program{p}, progs[at:]...)...)
	}
	return progs, nil
}

// symbolOrder ranks function symbols by (section index, offset).
func symbolOrder(ef *elf.File) map[string]uint64 {
	order := map[string]uint64{}
	syms, err := ef.Symbols()
	if err != nil {
		return order
	}
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) == elf.STT_FUNC || elf.ST_TYPE(s.Info) == elf.STT_NOTYPE {
			order[s.Name] = uint64(s.Section)<<40 | s.Value
		}
	}
	return order
}

func convertProgram(ps *ebpf.ProgramSpec, maps []MapSpec, mapIndex map[string]int, opts LoadOptions) (*Program, error) {
	insns := make(asm.Instructions, len(ps.Instructions))
	copy(insns, ps.Instructions)
	var lines []LineInfo
	slot := 0
	for i := range insns {
		ins := &insns[i]
		if ins.IsLoadFromMap() {
			ref := ins.Reference()
			idx, ok := mapIndex[ref]
			if !ok {
				return nil, fmt.Errorf("insn %d loads unknown map %q", slot, ref)
			}
			ins.Constant = int64(uint32(idx)) | (ins.Constant>>32)<<32
		}
		if l, ok := ins.Source().(*btf.Line); ok {
			lines = append(lines, LineInfo{Insn: slot, File: l.FileName(), Line: int(l.LineNumber()), Column: int(l.LineColumn()), Text: l.Line()})
		}
		slot += int(ins.Size() / InstructionSize)
	}
	var buf bytes.Buffer
	if err := insns.Marshal(&buf, elfByteOrder); err != nil {
		return nil, err
	}
	slots, err := Decode(buf.Bytes())
	if err != nil {
		return nil, err
	}
	p := &Program{
		Name: ps.Name, Section: ps.SectionName, Type: ProgType(ps.Type),
		Insns: slots, Maps: maps, License: ps.License, KernVersion: ps.KernelVersion, Lines: lines,
	}
	if opts.Type != ProgTypeUnspec {
		p.Type = opts.Type
	}
	if opts.License != "" {
		p.License = opts.License
	}
	return p, nil
}

// elfByteOrder is the byte order of the bpfel objects clang emits for -target bpf on x86.
var elfByteOrder = binary.LittleEndian

// sectionType is the program type cilium/ebpf gives a section name.
func sectionType(section string) ebpf.ProgramType {
	switch {
	case strings.HasPrefix(section, "socket"):
		return ebpf.SocketFilter
	case strings.HasPrefix(section, "kprobe/"):
		return ebpf.Kprobe
	case section == "classifier" || strings.HasPrefix(section, "tc"):
		return ebpf.SchedCLS
	case section == "action":
		return ebpf.SchedACT
	}
	return ebpf.UnspecifiedProgram
}

// licenseOf returns the contents of the object's license section.
func licenseOf(ef *elf.File) string {
	s := ef.Section("license")
	if s == nil {
		return ""
	}
	b, err := s.Data()
	if err != nil {
		return ""
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
