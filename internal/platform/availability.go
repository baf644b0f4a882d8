package platform

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

// HelperAvailableAttach618 refines HelperAvailable for the helpers that
// tracing programs see by attach type (tracing_prog_func_proto): the
// table was probed as tp_btf, but iterators also get the seq_* helpers,
// and the attach types with a trampoline (fentry, fexit, fmod_ret) the
// func_arg helpers.
func HelperAvailableAttach618(t ProgType, a AttachType, hasAttach bool, id HelperID) (available, known bool) {
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
