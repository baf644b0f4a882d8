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
