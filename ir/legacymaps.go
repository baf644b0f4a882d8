package ir

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"sort"
)

// legacyMapRecord is the size cilium/ebpf needs for a legacy `maps` record:
// type, key_size, value_size, max_entries and map_flags.
const legacyMapRecord = 20

// padLegacyMaps rewrites an object whose `maps` section holds records
// shorter than 20 bytes (the 16-byte bpf_map_def of 2015, without
// map_flags) so that every record has 20 bytes, the missing fields zero.
// The padded section is appended to the file and the section header and
// the map symbols are updated; everything else is untouched. It returns
// data unchanged when there is nothing to pad or the object is not a
// little-endian ELF64 it can patch.
func padLegacyMaps(data []byte) []byte {
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil || ef.Class != elf.ELFCLASS64 || ef.Data != elf.ELFDATA2LSB {
		return data
	}
	var maps *elf.Section
	mapsIndex := -1
	for i, s := range ef.Sections {
		if s.Name == "maps" && s.Type == elf.SHT_PROGBITS {
			maps, mapsIndex = s, i
		}
	}
	symtab := ef.SectionByType(elf.SHT_SYMTAB)
	if maps == nil || symtab == nil || symtab.Entsize != 24 {
		return data
	}
	raw, err := maps.Data()
	if err != nil {
		return data
	}
	syms, err := ef.Symbols()
	if err != nil {
		return data
	}
	// Symbols() skips the null symbol: symbol i is entry i+1 of .symtab.
	type mapSym struct{ entry, value, size uint64 }
	var ms []mapSym
	for i, s := range syms {
		if int(s.Section) == mapsIndex && s.Size > 0 {
			if s.Size >= legacyMapRecord {
				return data
			}
			ms = append(ms, mapSym{uint64(i + 1), s.Value, s.Size})
		}
	}
	if len(ms) == 0 {
		return data
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].value < ms[j].value })
	out := bytes.Clone(data)
	for len(out)%8 != 0 {
		out = append(out, 0)
	}
	newOff := uint64(len(out))
	var section []byte
	le := binary.LittleEndian
	for _, m := range ms {
		if m.value+m.size > uint64(len(raw)) {
			return data
		}
		rec := make([]byte, legacyMapRecord)
		copy(rec, raw[m.value:m.value+m.size])
		// Patch the symbol's value and size in .symtab.
		at := symtab.Offset + m.entry*24
		if at+24 > uint64(len(out)) {
			return data
		}
		le.PutUint64(out[at+8:], uint64(len(section)))
		le.PutUint64(out[at+16:], legacyMapRecord)
		section = append(section, rec...)
	}
	out = append(out, section...)
	// Point the section header at the padded copy.
	shoff := le.Uint64(data[0x28:])
	shentsize := uint64(le.Uint16(data[0x3a:]))
	hdr := shoff + uint64(mapsIndex)*shentsize
	if shentsize < 64 || hdr+64 > uint64(len(data)) {
		return data
	}
	le.PutUint64(out[hdr+24:], newOff)
	le.PutUint64(out[hdr+32:], uint64(len(section)))
	return out
}
