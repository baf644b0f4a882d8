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

// AttachType is the kernel's enum bpf_attach_type (platform.AttachType).
type AttachType = platform.AttachType

// Map types of the 2015 kernels.
const (
	MapTypeUnspec         MapType = 0
	MapTypeHash           MapType = 1
	MapTypeArray          MapType = 2
	MapTypeProgArray      MapType = 3
	MapTypePerfEventArray MapType = 4
)

// MapSpec describes a map a program refers to. A LD_IMM64 with src_reg
// PseudoMapFD and imm i refers to Program.Maps[i]; one with src_reg
// PseudoMapValue, imm i and second-slot imm off is the address of byte off
// of Program.Maps[i]'s single value (global data, see Data).
type MapSpec struct {
	Name       string
	Type       MapType
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	Flags      uint32
	// Data is the ELF section a global data map stands for (".rodata",
	// ".data.counts", ".bss", ".kconfig"), "" for other maps. A global data
	// map is an array of one element whose value is the section.
	Data string
	// Contents is the initial value of a global data map's element
	// (ValueSize bytes; all zero for .bss), nil for other maps.
	Contents []byte
	// Frozen says the map is read-only to programs (BPF_F_RDONLY_PROG) and
	// frozen before the program loads, so that its Contents are what every
	// load reads, as the kernel knows them (.rodata, .kconfig).
	Frozen bool
	// Inner is the template of the inner maps of a map-in-map
	// (array_of_maps, hash_of_maps), nil when the object does not say.
	Inner *MapSpec
	// BTF says the object describes the map's key and value in BTF.
	BTF bool
	// HasSpinLock says the value (a BTF struct) has a struct bpf_spin_lock
	// member, at SpinLockOff bytes.
	HasSpinLock bool
	SpinLockOff uint32
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
	// AttachType is the expected attach type the section name implies
	// (cgroup/connect4: cgroup_inet4_connect); HasAttachType says whether
	// there is one (attach type 0 is a real one, cgroup_inet_ingress).
	AttachType    AttachType
	HasAttachType bool
	// AttachTo is the attach target the section name gives: the function
	// of kprobe/, fentry/, lsm/ ("tcp_v4_connect"), the tracepoint of tp_btf/
	// or tracepoint/ ("sched/sched_switch"), the iterator of iter/, and
	// for struct_ops programs "struct.member" ("tcp_congestion_ops.cong_avoid").
	AttachTo string
	// Sleepable is set by a section suffix ".s" (fentry.s/, lsm.s/, ...).
	Sleepable bool
	// Insns holds one entry per 8-byte slot (LD_IMM64 takes two).
	Insns []Instruction
	// Maps are the maps LD_IMM64 PseudoMapFD instructions refer to by index.
	Maps        []MapSpec
	License     string
	KernVersion uint32
	// Lines is BTF line info sorted by Insn; empty when the input has none.
	Lines []LineInfo
	// Funcs are the functions linked into Insns, as libbpf links them:
	// Funcs[0] is the program itself at slot 0, then every subprogram it
	// reaches through bpf-to-bpf calls, each at its first slot, in order.
	// Empty for raw and text input (the verifier then finds subprograms
	// from the call instructions, as the kernel does without BTF).
	Funcs []Func
	// UndefinedCalls are the calls (src_reg PseudoCall) to functions the
	// object does not define and the kernel does not export (memset, memcpy
	// that the compiler did not inline). Their imm is -1. A verifier must
	// reject a program that reaches one, naming the function; a program
	// with UndefinedCalls that never reaches them is verified as usual.
	UndefinedCalls []UndefinedCall
	// Kfuncs are the kernel functions the program calls (src_reg
	// PseudoKfuncCall), with their ids in the target BTF (imm).
	Kfuncs []KfuncCall
	// BTF is the object's BTF, a *btf.Spec of github.com/cilium/ebpf/btf
	// (typed any so that ir imports the standard library only); nil when
	// the object has none and for raw and text input.
	BTF any
	// TargetBTF is the kernel BTF the program was relocated against
	// (CO-RE, kfunc ids, attach targets), a *btf.Spec; nil when none was
	// used. It is the object's own BTF when no kernel BTF was available.
	TargetBTF any
}

// Func is one function of a linked program.
type Func struct {
	Name string
	Insn int // first slot in Program.Insns
	// Global says the function has global linkage in BTF: the kernel then
	// verifies it once on its own, from its BTF signature (Proto), rather
	// than at each call site. Every global function of an object is also
	// reported as a Program of its own.
	Global bool
	// Proto is the function's signature from BTF, nil without BTF.
	Proto *FuncProto
	// BTF is the function's *btf.Func (github.com/cilium/ebpf/btf), nil
	// without BTF.
	BTF any
}

// FuncProto is a function's BTF signature, reduced to what a verifier
// checks at a global function's boundary.
type FuncProto struct {
	Params []Param
	// Return is the return type's kind; ArgScalar or ArgVoid.
	Return ArgKind
}

// Param is one parameter of a BTF function signature.
type Param struct {
	Name string
	Kind ArgKind
	// Size is the size in bytes of a scalar, or of what a pointer points
	// to (0 when it is void or of unknown size).
	Size uint32
	// Type is the name of the type a pointer points to, without
	// qualifiers ("__sk_buff", "xdp_md", "pt_regs"): a verifier compares it
	// with the program type's context to decide whether it is a context
	// pointer. "" for scalars and anonymous types.
	Type string
	// Tags are the parameter's BTF decl tags ("arg:ctx", "arg:nullable").
	Tags []string
}

// ArgKind is the kind of a BTF parameter or return type.
type ArgKind uint8

// Kinds of BTF parameters.
const (
	ArgVoid    ArgKind = iota // no value (a void return)
	ArgScalar                 // an integer, enum or bool
	ArgPointer                // a pointer; Param.Type and Size say to what
	ArgOther                  // a struct passed by value, a float, ...
)

func (k ArgKind) String() string {
	return [...]string{"void", "scalar", "pointer", "other"}[k]
}

// UndefinedCall is a call to a function the object does not define.
type UndefinedCall struct {
	Insn int    // slot of the call in Program.Insns
	Name string // the called symbol ("memset")
}

// KfuncCall is a call to a kernel function.
type KfuncCall struct {
	Insn  int    // slot of the call in Program.Insns
	Name  string // the kernel function ("bpf_obj_new_impl")
	BTFID uint32 // its id in TargetBTF (the call's imm); 0 when not found
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
