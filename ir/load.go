package ir

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// LoadOptions say what raw and text inputs cannot: their maps, program type
// and license. For ELF objects (package ir/object) Type overrides what
// section names imply, License overrides the license section, and Maps is
// ignored.
type LoadOptions struct {
	Maps    []MapSpec // the i-th map is what LD_IMM64 PseudoMapFD imm=i refers to
	Type    ProgType  // 0: from the ELF section name, socket_filter for raw and text
	License string    // "": the ELF license section, GPL for raw and text
	Section string    // ELF only: keep the programs of this section
}

// Format of an input file, recognised by content.
type InputFormat int

// Input formats.
const (
	FormatRaw  InputFormat = iota // 8-byte little-endian struct bpf_insn records
	FormatText                    // assembly in the verifier log's syntax
	FormatELF                     // clang -target bpf relocatable object
)

func (f InputFormat) String() string {
	return [...]string{"raw", "text", "elf"}[f]
}

// DetectFormat recognises an input by content: the ELF magic; else valid
// UTF-8 without NUL bytes is text; else raw bytecode.
func DetectFormat(data []byte) InputFormat {
	switch {
	case bytes.HasPrefix(data, []byte("\x7fELF")):
		return FormatELF
	case len(data) > 0 && utf8.Valid(data) && bytes.IndexByte(data, 0) < 0:
		return FormatText
	}
	return FormatRaw
}

// Load decodes the program of a raw or text input file (ELF objects are
// package ir/object's, whose Load takes every format). name labels the
// program and appears in errors. Raw and text programs keep
// their slots as they are (DecodeSlots), so a verifier can reproduce the
// kernel's own rejection of, for example, an unpaired LD_IMM64.
func Load(name string, data []byte, opts LoadOptions) ([]*Program, error) {
	switch DetectFormat(data) {
	case FormatELF:
		return nil, fmt.Errorf("%s: an ELF object: load it with package ir/object", name)
	case FormatText:
		insns, err := Assemble(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(insns) == 0 {
			return nil, fmt.Errorf("%s: no instructions", name)
		}
		return []*Program{plainProgram(name, insns, opts)}, nil
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: empty input", name)
	}
	insns, err := DecodeSlots(data)
	if err != nil {
		return nil, fmt.Errorf("%s: not an ELF object, assembly text or raw bytecode: %w", name, err)
	}
	return []*Program{plainProgram(name, insns, opts)}, nil
}

func plainProgram(name string, insns []Instruction, opts LoadOptions) *Program {
	p := &Program{Name: name, Type: opts.Type, Insns: insns, Maps: opts.Maps, License: opts.License}
	if p.Type == ProgTypeUnspec {
		p.Type = ProgTypeSocketFilter
	}
	if p.License == "" {
		p.License = "GPL"
	}
	return p
}

// ParseMapFlag parses a --map flag, TYPE:KEY:VALUE:ENTRIES, for example
// hash:8:8:1024. TYPE is any bpf_map_type name without its prefix.
func ParseMapFlag(s string) (MapSpec, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 4 {
		return MapSpec{}, fmt.Errorf("--map %q: want TYPE:KEY:VALUE:ENTRIES, e.g. hash:8:8:1024", s)
	}
	spec := MapSpec{Name: s}
	t, ok := platform.ParseMapType(parts[0])
	if !ok {
		return MapSpec{}, fmt.Errorf("--map %q: unknown map type %q (want hash, array, prog_array, perf_event_array or another bpf_map_type name)", s, parts[0])
	}
	spec.Type = t
	var nums [3]uint32
	for i, f := range parts[1:] {
		v, err := strconv.ParseUint(f, 10, 32)
		if err != nil {
			return MapSpec{}, fmt.Errorf("--map %q: %q is not a size", s, f)
		}
		nums[i] = uint32(v)
	}
	spec.KeySize, spec.ValueSize, spec.MaxEntries = nums[0], nums[1], nums[2]
	return spec, nil
}
