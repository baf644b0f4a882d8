package platform

import "sort"

// helperTables holds each profile's helper prototypes, indexed by id; a
// zero Proto (ID 0) is a helper the profile does not declare.
var helperTables = map[string][]Proto{
	"linux-4.2":  helpers2015[:17],
	"linux-4.3":  helpers2015[:23],
	"linux-6.18": helpers618[:],
}

// HelperProfiles lists the profiles that have a helper table.
func HelperProfiles() []string {
	names := make([]string, 0, len(helperTables))
	for n := range helperTables {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Helpers returns the prototype of every helper the profile declares, in
// id order; nil for a profile without a table. The slice is the caller's.
func Helpers(profile string) []Proto {
	var ps []Proto
	for _, p := range helperTables[profile] {
		if p.ID != 0 {
			ps = append(ps, p)
		}
	}
	return ps
}

// Helper returns the prototype a profile declares for id.
func Helper(profile string, id HelperID) (Proto, bool) {
	t := helperTables[profile]
	if id <= 0 || int(id) >= len(t) || t[id].ID == 0 {
		return Proto{}, false
	}
	return t[id], true
}
