package ir

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
)

// bareSection is an executable section no function symbol names: the
// contract makes it one program, which cilium/ebpf refuses to load.
type bareSection struct {
	index int
	name  string
	insns []Instruction
}

// splitBareSections finds executable sections without function symbols,
// decodes each as one program, and returns a copy of the object in which
// those sections are no longer marked executable, so cilium/ebpf loads the
// rest. Without such sections it returns data unchanged.
func splitBareSections(data []byte) ([]byte, []bareSection, error) {
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil || ef.Class != elf.ELFCLASS64 || ef.Data != elf.ELFDATA2LSB {
		return data, nil, nil
	}
	named := map[int]bool{}
	if syms, err := ef.Symbols(); err == nil {
		for _, s := range syms {
			if t := elf.ST_TYPE(s.Info); t == elf.STT_FUNC || t == elf.STT_NOTYPE {
				named[int(s.Section)] = true
			}
		}
	}
	var bare []bareSection
	out := data
	for i, s := range ef.Sections {
		if s.Type != elf.SHT_PROGBITS || s.Flags&elf.SHF_EXECINSTR == 0 || s.Size == 0 || named[i] {
			continue
		}
		raw, err := s.Data()
		if err != nil {
			return nil, nil, err
		}
		insns, err := Decode(raw)
		if err != nil {
			return nil, nil, err
		}
		bare = append(bare, bareSection{index: i, name: s.Name, insns: insns})
		if len(bare) == 1 {
			out = bytes.Clone(data)
		}
		// Clear SHF_EXECINSTR in this section's header (sh_flags at +8).
		le := binary.LittleEndian
		hdr := le.Uint64(data[0x28:]) + uint64(i)*uint64(le.Uint16(data[0x3a:]))
		if hdr+16 > uint64(len(out)) {
			return nil, nil, err
		}
		le.PutUint64(out[hdr+8:], uint64(s.Flags&^elf.SHF_EXECINSTR))
	}
	return out, bare, nil
}
