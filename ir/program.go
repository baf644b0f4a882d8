package ir

import (
	"fmt"
	"strings"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// ProgType is the kernel's enum bpf_prog_type. It is platform.ProgType, so
// every type of the newest kernel has its name ("xdp", "tracing", ...).
type ProgType = platform.ProgType

// Program types known to the 2015 kernels (the values are the UAPI's).
const (
	ProgTypeUnspec       ProgType = 0
	ProgTypeSocketFilter ProgType = 1
	ProgTypeKprobe       ProgType = 2
	ProgTypeSchedCLS     ProgType = 3
	ProgTypeSchedACT     ProgType = 4
)

// ParseProgType parses a --type name: any program type of the newest kernel
// by its name without the BPF_PROG_TYPE_ prefix ("socket_filter", "xdp").
func ParseProgType(s string) (ProgType, error) {
	if t, ok := platform.ParseProgType(s); ok {
		return t, nil
	}
	return 0, fmt.Errorf("unknown program type %q (want one of %s)", s, progTypeList())
}

func progTypeList() string {
	var names []string
	for _, t := range platform.ProgTypes() {
		names = append(names, t.String())
	}
	return strings.Join(names, ", ")
}

// MapType is the kernel's enum bpf_map_type (platform.MapType).
type MapType = platform.MapType

// Map types of the 2015 kernels.
const (
	MapTypeUnspec         MapType = 0
	MapTypeHash           MapType = 1
	MapTypeArray          MapType = 2
	MapTypeProgArray      MapType = 3
	MapTypePerfEventArray MapType = 4
)

// MapSpec describes a map a program refers to. A LD_IMM64 with src_reg
// PseudoMapFD and imm i refers to Program.Maps[i].
type MapSpec struct {
	Name       string
	Type       MapType
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	Flags      uint32
}

// LineInfo maps an instruction slot to a C source line (from BTF line info).
type LineInfo struct {
	Insn   int // slot index in Program.Insns
	File   string
	Line   int
	Column int
	Text   string // the source line, when the object carries it
}

// Program is one decoded BPF program and everything the verifier needs to
// know about its surroundings.
type Program struct {
	Name    string // function symbol, or the file name for raw and text input
	Section string // ELF section, "" for raw and text input
	Type    ProgType
	// Insns holds one entry per 8-byte slot (LD_IMM64 takes two).
	Insns []Instruction
	// Maps are the maps LD_IMM64 PseudoMapFD instructions refer to by index.
	Maps        []MapSpec
	License     string
	KernVersion uint32
	// Lines is BTF line info sorted by Insn; empty when the input has none.
	Lines []LineInfo
}

// SourceLine returns the line info that covers slot insn: the entry with the
// greatest Insn not after it. ok is false when there is none.
func (p *Program) SourceLine(insn int) (LineInfo, bool) {
	lo, hi := 0, len(p.Lines)
	for lo < hi {
		m := (lo + hi) / 2
		if p.Lines[m].Insn <= insn {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return LineInfo{}, false
	}
	return p.Lines[lo-1], true
}
