package object

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/ir"
)

// le is the byte order of the objects clang emits for -target bpf on x86
// (bpfel); big-endian objects are refused with a clear error.
var le = binary.LittleEndian

// file is one ELF object, parsed once: its sections, symbols and
// relocations, its BTF, and the maps built from them.
type file struct {
	name string
	ef   *elf.File
	secs []*section
	// syms is the symbol table; syms[i] is ELF symbol i (0 is the null symbol).
	syms []elf.Symbol

	btf *btf.Spec
	ext *btf.ExtInfos

	maps []ir.MapSpec
	// mapAt finds a map by (section index, offset of its definition).
	mapAt map[secOff]int
	// dataMap is the global data map of a section index.
	dataMap map[int]int
	// externs are the .kconfig and .ksyms symbols by name.
	externs map[string]*extern

	kconfigMap int // index of the .kconfig map, -1 when none

	license string
	version uint32
}

type secOff struct {
	sec int
	off uint64
}

type section struct {
	index int
	name  string
	hdr   *elf.Section
	data  []byte // nil for SHT_NOBITS
	// rels maps the byte offset of a relocated instruction or word to its
	// symbol index.
	rels map[uint64]uint32
	// funcs are the function symbols of an executable section, by offset.
	funcs []*function
	exec  bool
}

// function is one function symbol's extent in an executable section.
type function struct {
	sec      *section
	name     string
	off, end uint64 // byte range in the section
	global   bool   // global or weak binding
	// hidden is STV_HIDDEN or STV_INTERNAL visibility (__hidden): libbpf
	// then marks the function's BTF linkage static, so that the kernel
	// verifies it in its callers' context rather than from its signature.
	hidden   bool
	insns    []ir.Instruction
	btfFunc  *btf.Func
	lines    []ir.LineInfo // Insn relative to the function's start
	coreRelo map[int]*btf.CORERelocation
}

// parse reads the ELF structure of an object. Every failure names what is
// wrong and where.
func parse(name string, data []byte) (*file, error) {
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("corrupt ELF object: %s", truncation(data))
		}
		return nil, fmt.Errorf("corrupt ELF object: %w", err)
	}
	if ef.Class != elf.ELFCLASS64 {
		return nil, fmt.Errorf("ELF object of class %v, want ELFCLASS64", ef.Class)
	}
	if ef.Data != elf.ELFDATA2LSB {
		return nil, fmt.Errorf("big-endian BPF object (%v): only little-endian (bpfel) objects are supported", ef.Data)
	}
	f := &file{name: name, ef: ef, kconfigMap: -1, mapAt: map[secOff]int{}, dataMap: map[int]int{}, externs: map[string]*extern{}}
	hasExec := false
	for i, s := range ef.Sections {
		sec := &section{index: i, name: s.Name, hdr: s, rels: map[uint64]uint32{}}
		if s.Type != elf.SHT_NOBITS && s.Type != elf.SHT_NULL {
			if s.Offset > uint64(len(data)) || s.Size > uint64(len(data))-s.Offset {
				if s.Type == elf.SHT_PROGBITS || s.Type == elf.SHT_REL || s.Type == elf.SHT_SYMTAB || s.Type == elf.SHT_STRTAB {
					return nil, fmt.Errorf("section %d (%s): offset %d size %d beyond the end of the file (%d bytes)", i, s.Name, s.Offset, s.Size, len(data))
				}
			} else {
				sec.data = data[s.Offset : s.Offset+s.Size]
			}
		}
		sec.exec = s.Type == elf.SHT_PROGBITS && s.Flags&elf.SHF_EXECINSTR != 0 && s.Size > 0
		hasExec = hasExec || sec.exec
		f.secs = append(f.secs, sec)
	}
	switch {
	case ef.Machine == elf.EM_BPF:
	case ef.Machine == elf.EM_NONE && hasExec:
		// Old LLVM left e_machine unset; the sections are BPF all the same.
	default:
		return nil, fmt.Errorf("ELF object for %v, not BPF", ef.Machine)
	}
	syms, err := ef.Symbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return nil, fmt.Errorf("symbol table: %w", err)
	}
	f.syms = append([]elf.Symbol{{}}, syms...)
	for i, s := range f.syms[1:] {
		if s.Section != elf.SHN_UNDEF && s.Section < elf.SHN_LORESERVE && int(s.Section) >= len(f.secs) {
			return nil, fmt.Errorf("symbol %d (%s): section index %d out of range (%d sections)", i+1, s.Name, s.Section, len(f.secs))
		}
	}
	for _, s := range f.secs {
		if s.hdr.Type != elf.SHT_REL {
			continue
		}
		if int(s.hdr.Info) >= len(f.secs) {
			return nil, fmt.Errorf("relocation section %s: target section %d out of range", s.name, s.hdr.Info)
		}
		if s.data == nil || len(s.data)%16 != 0 {
			return nil, fmt.Errorf("relocation section %s: size %d is not a multiple of 16", s.name, s.hdr.Size)
		}
		target := f.secs[s.hdr.Info]
		if !target.exec && !strings.HasPrefix(target.name, ".struct_ops") {
			continue // DWARF and BTF relocations: nothing a program needs
		}
		for at := 0; at < len(s.data); at += 16 {
			off, info := le.Uint64(s.data[at:]), le.Uint64(s.data[at+8:])
			sym := uint32(info >> 32)
			if int(sym) >= len(f.syms) {
				return nil, fmt.Errorf("relocation section %s: entry %d refers to symbol %d of %d", s.name, at/16, sym, len(f.syms))
			}
			target.rels[off] = sym
		}
	}
	if s := ef.Section("license"); s != nil {
		if d := f.secs[sectionIndex(ef, s)].data; d != nil {
			if i := bytes.IndexByte(d, 0); i >= 0 {
				d = d[:i]
			}
			f.license = string(d)
		}
	}
	if s := ef.Section("version"); s != nil {
		if d := f.secs[sectionIndex(ef, s)].data; len(d) >= 4 {
			f.version = le.Uint32(d)
		}
	}
	if ef.Section(".BTF") != nil {
		spec, ext, err := btf.LoadSpecAndExtInfosFromReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("BTF: %w", err)
		}
		f.btf, f.ext = spec, ext
	}
	if err := f.splitFunctions(); err != nil {
		return nil, err
	}
	return f, nil
}

// truncation says what part of an ELF64 object lies past the end of data.
func truncation(data []byte) string {
	if len(data) < 64 {
		return fmt.Sprintf("truncated: %d bytes, shorter than the 64-byte ELF header", len(data))
	}
	shoff, shentsize, shnum := le.Uint64(data[0x28:]), uint64(le.Uint16(data[0x3a:])), uint64(le.Uint16(data[0x3c:]))
	if end := shoff + shentsize*shnum; end > uint64(len(data)) {
		return fmt.Sprintf("truncated: %d section headers at offset %d end at %d, past the end of the file (%d bytes)", shnum, shoff, end, len(data))
	}
	return fmt.Sprintf("truncated: a section or table runs past the end of the file (%d bytes)", len(data))
}

func sectionIndex(ef *elf.File, s *elf.Section) int {
	for i, t := range ef.Sections {
		if t == s {
			return i
		}
	}
	return 0
}

// isFuncSym says whether a symbol starts a function: STT_FUNC, or the
// STT_NOTYPE global symbols that clang before 8 emitted for functions
// (local STT_NOTYPE symbols are branch labels such as LBB0_2).
func isFuncSym(s elf.Symbol) bool {
	switch elf.ST_TYPE(s.Info) {
	case elf.STT_FUNC:
		return true
	case elf.STT_NOTYPE:
		b := elf.ST_BIND(s.Info)
		return (b == elf.STB_GLOBAL || b == elf.STB_WEAK) && s.Name != ""
	}
	return false
}

// splitFunctions decodes every executable section and cuts it at its
// function symbols. A symbol of size 0 (old clang) runs to the next
// symbol or the section's end. A section without function symbols is one
// function named after the section.
func (f *file) splitFunctions() error {
	for _, s := range f.secs {
		if !s.exec {
			continue
		}
		if s.data == nil || len(s.data)%ir.InstructionSize != 0 {
			return fmt.Errorf("section %s: size %d is not a multiple of %d", s.name, s.hdr.Size, ir.InstructionSize)
		}
		insns, err := ir.DecodeSlots(s.data)
		if err != nil {
			return fmt.Errorf("section %s: %w", s.name, err)
		}
		byOff := map[uint64]*function{}
		for _, sym := range f.syms[1:] {
			if int(sym.Section) != s.index || !isFuncSym(sym) {
				continue
			}
			if sym.Value%ir.InstructionSize != 0 || sym.Value >= s.hdr.Size {
				return fmt.Errorf("section %s: function %s at offset %d is outside the section or not at an instruction", s.name, sym.Name, sym.Value)
			}
			if prev, ok := byOff[sym.Value]; ok {
				// Two names for one function (an alias): keep the first
				// by name, so the choice does not depend on symbol order.
				if sym.Name < prev.name {
					prev.name = sym.Name
				}
				continue
			}
			vis := elf.ST_VISIBILITY(sym.Other)
			fn := &function{sec: s, name: sym.Name, off: sym.Value, end: sym.Value + sym.Size,
				global: elf.ST_BIND(sym.Info) != elf.STB_LOCAL,
				hidden: vis == elf.STV_HIDDEN || vis == elf.STV_INTERNAL}
			byOff[sym.Value] = fn
			s.funcs = append(s.funcs, fn)
		}
		if len(s.funcs) == 0 {
			s.funcs = []*function{{sec: s, name: s.name, off: 0, end: s.hdr.Size, global: true}}
		}
		sort.Slice(s.funcs, func(i, j int) bool { return s.funcs[i].off < s.funcs[j].off })
		for i, fn := range s.funcs {
			next := s.hdr.Size
			if i+1 < len(s.funcs) {
				next = s.funcs[i+1].off
			}
			if fn.end == fn.off || fn.end > next {
				if fn.end > next && fn.end != fn.off {
					return fmt.Errorf("section %s: function %s (offset %d, size %d) overlaps the next function at %d", s.name, fn.name, fn.off, fn.end-fn.off, next)
				}
				fn.end = next
			}
			fn.insns = insns[fn.off/ir.InstructionSize : fn.end/ir.InstructionSize]
		}
		f.assignExtInfo(s)
	}
	return nil
}

// assignExtInfo attaches the BTF func info, line info and CO-RE
// relocations of .BTF.ext to the functions of a section.
func (f *file) assignExtInfo(s *section) {
	if f.ext == nil {
		return
	}
	fo, lo, ro := f.ext.Section(s.name)
	find := func(raw uint64) (*function, int) {
		off := raw * ir.InstructionSize
		i := sort.Search(len(s.funcs), func(i int) bool { return s.funcs[i].end > off })
		if i == len(s.funcs) || s.funcs[i].off > off {
			return nil, 0
		}
		return s.funcs[i], int((off - s.funcs[i].off) / ir.InstructionSize)
	}
	for _, o := range fo {
		if fn, at := find(uint64(o.Offset)); fn != nil && at == 0 {
			fn.btfFunc = o.Func
		}
	}
	for _, o := range lo {
		if fn, at := find(uint64(o.Offset)); fn != nil {
			l := o.Line
			fn.lines = append(fn.lines, ir.LineInfo{Insn: at, File: l.FileName(), Line: int(l.LineNumber()), Column: int(l.LineColumn()), Text: l.Line()})
		}
	}
	for _, o := range ro {
		if fn, at := find(uint64(o.Offset)); fn != nil {
			if fn.coreRelo == nil {
				fn.coreRelo = map[int]*btf.CORERelocation{}
			}
			fn.coreRelo[at] = o.Relo
		}
	}
}

// isDataSection says whether a section holds global data that libbpf makes
// an array map of: .rodata*, .data*, .bss*.
func isDataSection(name string) bool {
	for _, p := range []string{".rodata", ".data", ".bss"} {
		if name == p || strings.HasPrefix(name, p+".") {
			return true
		}
	}
	return false
}
