package platform

import (
	"slices"
	"strings"
)

// availability is what a probe of the kernel found for one program type.
type availability struct {
	// Attach is the attach type the program was loaded with, where the
	// type needs one (its helpers may differ for other attach types).
	Attach AttachType
	// Helpers lists the ids the type may call, in increasing order.
	Helpers []HelperID
	// Unprobed says why the type has no list.
	Unprobed string
}

// HelperAvailable reports whether the profile's kernel lets a program of
// type t call helper id; known is false where the tables have no fact
// (a profile without per-type lists, a type that could not be probed).
func HelperAvailable(profile string, t ProgType, id HelperID) (available, known bool) {
	if profile != "linux-6.18" {
		return false, false
	}
	a, ok := availability618[t]
	if !ok || a.Unprobed != "" {
		return false, false
	}
	for _, h := range a.Helpers {
		if h == id {
			return true, true
		}
	}
	return false, true
}

// HelperProgTypes lists the program types whose availability is known and
// that may call helper id on the profile's kernel.
func HelperProgTypes(profile string, id HelperID) []ProgType {
	var ts []ProgType
	for _, t := range ProgTypes() {
		if ok, known := HelperAvailable(profile, t, id); ok && known {
			ts = append(ts, t)
		}
	}
	return ts
}

// lsmHelpers618 is bpf_lsm_func_proto (kernel/bpf/bpf_lsm.c) as data: an
// lsm program sees the helpers of a tracing program (tracing_prog_func_proto,
// probed as tp_btf) with these additions and removals per attach type. The
// kernel here refuses to load lsm programs (EPERM), so these come from the
// sources. lsm_mac programs run on a trampoline (bpf_prog_has_trampoline):
// they get the func_arg helpers and keep get_attach_cookie; lsm_cgroup ones
// do not, and get cgroup_common_func_proto's. bpf_{get,set}sockopt of
// lsm_cgroup programs on the socket hooks that allow them are left out (a
// rejection the kernel would not make, never an accept it would refuse).
var lsmHelpers618 = map[string]struct{ add, drop []string }{
	"lsm_mac": {add: []string{"inode_storage_get", "inode_storage_delete", "bprm_opts_set",
		"ima_inode_hash", "ima_file_hash", "get_func_arg", "get_func_ret", "get_func_arg_cnt"}},
	"lsm_cgroup": {add: []string{"inode_storage_get", "inode_storage_delete", "bprm_opts_set",
		"ima_inode_hash", "ima_file_hash", "get_local_storage", "get_retval", "set_retval"},
		drop: []string{"get_attach_cookie"}},
}

// HelperAvailableAttach618 refines HelperAvailable for the program types
// whose helpers depend on the attach type or target: tracing programs
// (tracing_prog_func_proto: the table was probed as tp_btf, but iterators
// also get the seq_* helpers, and the attach types with a trampoline
// (fentry, fexit, fmod_ret) the func_arg helpers), lsm programs
// (lsmHelpers618) and struct_ops programs (availabilityStructOps618, by
// the "struct.member" they implement). known is false where the tables
// have no fact: a struct_ops type this kernel does not have, ext programs.
func HelperAvailableAttach618(t ProgType, a AttachType, hasAttach bool, target string, id HelperID) (available, known bool) {
	switch t.String() {
	case "lsm":
		d, ok := lsmHelpers618[a.String()]
		if !ok || !hasAttach {
			return false, false
		}
		for _, n := range d.drop {
			if id.String() == n {
				return false, true
			}
		}
		for _, n := range d.add {
			if id.String() == n {
				return true, true
			}
		}
		tracing, _ := ParseProgType("tracing")
		return HelperAvailable("linux-6.18", tracing, id)
	case "struct_ops":
		ids, ok := availabilityStructOps618[target]
		if !ok {
			st, _, _ := strings.Cut(target, ".")
			if ids, ok = availabilityStructOps618[st]; !ok {
				return false, false
			}
		}
		return slices.Contains(ids, id), true
	}
	available, known = HelperAvailable("linux-6.18", t, id)
	if !hasAttach || t.String() != "tracing" {
		return available, known
	}
	switch id.String() {
	case "seq_printf", "seq_write", "seq_printf_btf":
		return a.String() == "trace_iter", true
	case "get_func_arg", "get_func_arg_cnt":
		switch a.String() {
		case "trace_fentry", "trace_fexit", "modify_return":
			return true, true
		}
		return false, true
	case "get_func_ret":
		switch a.String() {
		case "trace_fexit", "modify_return":
			return true, true
		}
		return false, true
	}
	return available, known
}
