package platform

import "fmt"

// HelperID is a helper function's id (the kernel's enum bpf_func_id).
type HelperID int32

// ProgType is a program type (enum bpf_prog_type).
type ProgType uint32

// MapType is a map type (enum bpf_map_type).
type MapType uint32

// AttachType is an attach type (enum bpf_attach_type).
type AttachType uint32

// String returns the helper's name without the bpf_ prefix
// ("map_lookup_elem"), or helper(N) for an id the table does not know.
func (h HelperID) String() string {
	if h >= 0 && int(h) < len(helperNames) && helperNames[h] != "" {
		return helperNames[h]
	}
	return fmt.Sprintf("helper(%d)", int32(h))
}

// Known reports whether the id names a helper of the newest kernel the
// table was generated from (unspec, 0, is not a helper).
func (h HelperID) Known() bool { return h > 0 && int(h) < len(helperNames) && helperNames[h] != "" }

// MaxHelperID is one past the greatest helper id the table knows
// (the kernel's __BPF_FUNC_MAX_ID).
const MaxHelperID = HelperID(len(helperNames))

// HelperByName returns the id of a helper named with or without the bpf_
// prefix.
func HelperByName(name string) (HelperID, bool) {
	if len(name) > 4 && name[:4] == "bpf_" {
		name = name[4:]
	}
	for i, n := range helperNames {
		if i > 0 && n == name {
			return HelperID(i), true
		}
	}
	return 0, false
}

// String returns the type's name as --type and JSON output spell it
// ("socket_filter", "sched_cls", "xdp").
func (t ProgType) String() string { return enumName(progTypeNames[:], uint32(t), "prog_type") }

// ParseProgType parses a program type's name.
func ParseProgType(s string) (ProgType, bool) {
	v, ok := enumValue(progTypeNames[:], s)
	return ProgType(v), ok && v != 0
}

// ProgTypes lists every program type the table knows, unspec excluded.
func ProgTypes() []ProgType {
	var ts []ProgType
	for i, n := range progTypeNames {
		if i > 0 && n != "" {
			ts = append(ts, ProgType(i))
		}
	}
	return ts
}

// String returns the map type's name as --map spells it ("hash", "array").
func (t MapType) String() string { return enumName(mapTypeNames[:], uint32(t), "map_type") }

// ParseMapType parses a map type's name.
func ParseMapType(s string) (MapType, bool) {
	v, ok := enumValue(mapTypeNames[:], s)
	return MapType(v), ok && v != 0
}

// String returns the attach type's name without the BPF_ prefix, lowercase.
func (t AttachType) String() string { return enumName(attachTypeNames[:], uint32(t), "attach_type") }

func enumName(names []string, v uint32, kind string) string {
	if int(v) < len(names) && names[v] != "" {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", kind, v)
}

func enumValue(names []string, s string) (uint32, bool) {
	for i, n := range names {
		if n != "" && n == s {
			return uint32(i), true
		}
	}
	return 0, false
}

// ParseAttachType parses an attach type's name ("trace_fentry").
func ParseAttachType(s string) (AttachType, bool) {
	v, ok := enumValue(attachTypeNames[:], s)
	return AttachType(v), ok
}
