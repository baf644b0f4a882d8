package absint

import (
	"fmt"
	"sort"

	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// ArgType is a helper argument kind (enum bpf_arg_type of 2015).
type ArgType uint8

// Helper argument kinds.
const (
	ArgDontCare       ArgType = iota // not checked, may be uninitialised
	ArgConstMapPtr                   // a map_ptr; remembered for the key/value args
	ArgPtrToMapKey                   // fp-N with key_size initialised bytes
	ArgPtrToMapValue                 // fp-N with value_size initialised bytes
	ArgPtrToStack                    // fp-N; its size is the next argument
	ArgConstStackSize                // imm: the size of the previous argument's buffer
	ArgPtrToCtx                      // ctx
	ArgAnything                      // anything readable
)

// RetType is a helper's return kind.
type RetType uint8

// Helper return kinds.
const (
	RetInteger RetType = iota
	RetVoid
	RetMapValueOrNull
)

// Helper is a helper function's prototype.
type Helper struct {
	ID      int32
	Name    string
	GPLOnly bool
	Ret     RetType
	Args    [5]ArgType
}

// Helper ids with special rules.
const (
	helperTailCall      = 12
	helperPerfEventRead = 22
)

// helpers2015 is the 2015 kernels' helper table (internal/platform's, for
// linux-4.3, whose ids include all of linux-4.2's) in the walker's terms.
var helpers2015 = from2015(platform.Helpers("linux-4.3"))

// kinds2015 maps the platform's argument kinds to the 2015 enum bpf_arg_type.
var kinds2015 = map[platform.ArgKind]ArgType{
	platform.ArgNone: ArgDontCare, platform.ArgConstMapPtr: ArgConstMapPtr,
	platform.ArgMapKey: ArgPtrToMapKey, platform.ArgMapValue: ArgPtrToMapValue,
	platform.ArgStack: ArgPtrToStack, platform.ArgConstSize: ArgConstStackSize,
	platform.ArgCtx: ArgPtrToCtx, platform.ArgAnything: ArgAnything,
}

func from2015(ps []platform.Proto) []Helper {
	hs := make([]Helper, len(ps))
	for i, p := range ps {
		h := Helper{ID: int32(p.ID), Name: p.Name(), GPLOnly: p.GPLOnly}
		switch {
		case p.Ret.Kind == platform.RetVoid:
			h.Ret = RetVoid
		case p.Ret.Kind == platform.RetMapValue:
			h.Ret = RetMapValueOrNull
		}
		for j, a := range p.Args {
			k, ok := kinds2015[a.Kind]
			if !ok || int(p.ID) != i+1 {
				panic("absint: platform's 2015 helper table has " + p.Name() + " out of the 2015 UAPI")
			}
			h.Args[j] = k
		}
		hs[i] = h
	}
	return hs
}

// HelperByID returns the 2015 prototype of a helper id.
func HelperByID(id int32) (Helper, bool) {
	if id >= 1 && int(id) <= len(helpers2015) {
		return helpers2015[id-1], true
	}
	return Helper{}, false
}

// ProgTypeRules are what a profile knows about one program type.
type ProgTypeRules struct {
	Helpers []int32 // helper ids available
	// Ctx is the layout of the context r1 points at, with its access rules
	// (internal/platform holds the layouts).
	Ctx   *platform.Context
	LDAbs bool // LD_ABS/LD_IND allowed
}

// Profile configures the verifier: which helpers, program types, map
// types and context rules exist, and which of the kernel's walk rules apply.
type Profile struct {
	Name      string
	MaxFuncID int32 // __BPF_FUNC_MAX_ID: ids at or above it are "invalid func"
	ProgTypes map[ir.ProgType]ProgTypeRules
	MapTypes  map[ir.MapType]bool
	// MapFuncPairs lists maps that go with exactly one helper: a map of the
	// type must be passed to that helper and the helper takes only it.
	MapFuncPairs []MapFuncPair
	// Limits are the walk's limits, Messages the rejections by stable
	// code (the kernel profiles'; the modern profile's are in its own
	// tables for now).
	Limits   Limits
	Messages Messages
	// Deref is, per register type, the memory a load or store through a
	// register of that type reaches (RegionNone: it may not be
	// dereferenced); a stack pointer's own offset adds to the
	// instruction's. v4.3 added PTR_TO_STACK (fp-N) to v4.2's
	// map_value, ctx and fp.
	Deref [numRegTypes]Region
	// Modern selects the modern domain and walk (linux-6.18): value
	// tracking, packet access, calls and loops; the fields above are the
	// kernel profiles' and unused then (its facts are internal/platform's).
	Modern bool
	// Refine (the precise profile) defers the map value and packet bounds
	// the modern domain cannot prove to Options.Discharge, which must prove
	// them for every input on every feasible path before the program is
	// accepted.
	Refine bool
	// Facts names the profile whose internal/platform facts (helpers,
	// availability) a profile uses; "" for its own name.
	Facts string
}

// facts is the profile name internal/platform knows this profile's facts by.
func (p *Profile) facts() string {
	if p.Facts != "" {
		return p.Facts
	}
	return p.Name
}

// MapFuncPair ties a map type to the only helper that may take it.
type MapFuncPair struct {
	Map    ir.MapType
	Helper int32
}

func kernelProfile(name string, v43 bool) *Profile {
	maxID := int32(17)
	if v43 {
		maxID = 23
	}
	ctx := func(t ir.ProgType) *platform.Context {
		c, _ := platform.Context2015(platform.ProgType(t), v43)
		return c
	}
	socket := []int32{1, 2, 3, 7, 8, 12, 5, 6}
	tc := append(append([]int32{}, socket...), 9, 10, 11, 13)
	kprobe := []int32{1, 2, 3, 4, 5, 12, 14, 15, 16, 6, 8}
	if v43 {
		tc = append(tc, 17, 18, 19, 20, 21)
		kprobe = append(kprobe, 22)
	}
	p := &Profile{
		Name:      name,
		MaxFuncID: maxID,
		Limits:    limits2015,
		Messages:  messages2015,
		ProgTypes: map[ir.ProgType]ProgTypeRules{
			ir.ProgTypeSocketFilter: {Helpers: socket, Ctx: ctx(ir.ProgTypeSocketFilter), LDAbs: true},
			ir.ProgTypeSchedCLS:     {Helpers: tc, Ctx: ctx(ir.ProgTypeSchedCLS), LDAbs: true},
			ir.ProgTypeSchedACT:     {Helpers: tc, Ctx: ctx(ir.ProgTypeSchedACT), LDAbs: true},
			ir.ProgTypeKprobe:       {Helpers: kprobe, Ctx: ctx(ir.ProgTypeKprobe)},
		},
		MapTypes:     map[ir.MapType]bool{ir.MapTypeHash: true, ir.MapTypeArray: true, ir.MapTypeProgArray: true},
		MapFuncPairs: []MapFuncPair{{ir.MapTypeProgArray, helperTailCall}},
	}
	p.Deref[PtrToMapValue], p.Deref[PtrToCtx], p.Deref[FramePtr] = RegionMapValue, RegionCtx, RegionStack
	if v43 {
		p.MapTypes[ir.MapTypePerfEventArray] = true
		p.MapFuncPairs = append(p.MapFuncPairs, MapFuncPair{ir.MapTypePerfEventArray, helperPerfEventRead})
		p.Deref[PtrToStack] = RegionStack
	}
	return p
}

var profiles = map[string]*Profile{
	"linux-4.2": kernelProfile("linux-4.2", false),
	"linux-4.3": kernelProfile("linux-4.3", true),
	// linux-6.18: privileged loading (CAP_BPF and CAP_PERFMON, or root).
	"linux-6.18": {Name: "linux-6.18", Modern: true, Limits: limits618.Limits, Messages: messages618},
	// precise: linux-6.18 plus the solver where the domain cannot decide a
	// bound (Options.Discharge; without it, precise rejects as linux-6.18).
	"precise": {Name: "precise", Modern: true, Refine: true, Facts: "linux-6.18", Limits: limits618.Limits, Messages: messages618},
}

// ProfileNames lists the profiles this build knows.
func ProfileNames() []string {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LookupProfile returns a profile by name.
func LookupProfile(name string) (*Profile, error) {
	if p, ok := profiles[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("unknown profile %q (known: %v)", name, ProfileNames())
}

// helperAvailable reports whether prog type t may call helper id.
func (r ProgTypeRules) helperAvailable(id int32) bool {
	for _, h := range r.Helpers {
		if h == id {
			return true
		}
	}
	return false
}

// validMap reports whether the kernel of this profile could create the map.
func (p *Profile) validMap(m ir.MapSpec) bool {
	if !p.MapTypes[m.Type] || m.KeySize == 0 || m.ValueSize == 0 || m.MaxEntries == 0 {
		return false
	}
	switch m.Type {
	case ir.MapTypeHash:
		return m.KeySize <= 512
	case ir.MapTypeArray:
		return m.KeySize == 4
	default: // prog and perf event arrays hold fds
		return m.KeySize == 4 && m.ValueSize == 4
	}
}

// licenseGPLCompatible is the kernel's license_is_gpl_compatible.
func licenseGPLCompatible(l string) bool {
	switch l {
	case "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL":
		return true
	}
	return false
}
