package absint

import (
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// contextFor is the context a program of type t sees (platform's tables).
func contextFor(t platform.ProgType, p *ir.Program) (*platform.Context, bool) {
	return platform.Context618(t, p.AttachType)
}

// mapInitialContents is the frozen contents of a read-only global data
// map, nil when the map is not frozen or the object does not say.
func mapInitialContents(maps []ir.MapSpec, idx int) []byte {
	if m := maps[idx]; m.Frozen && len(m.Contents) == int(m.ValueSize) {
		return m.Contents
	}
	return nil
}

// Map types with rules of their own (bpf_for_each_map_elem's).
const (
	mapTypeHash          = 1
	mapTypeArray         = 2
	mapTypePercpuHash    = 5
	mapTypePercpuArray   = 6
	mapTypeLRUHash       = 9
	mapTypeLRUPercpuHash = 10
)

// mapHelperCompatible is check_map_func_compatibility (platform's table,
// both directions); a lookup, update or delete of a map whose values the
// profile does not model (sockets, devices, read-only program maps) is
// unsupported rather than judged.
func (w *mwalker) mapHelperCompatible(idx int, id platform.HelperID) *merr {
	mt := w.maps[idx].Type
	ob := Obligation{Kind: ObCallArg, Reg: 1, Want: "compatible map"}
	if !platform.MapHelperAllowed618(mt, id) {
		return mfail("map-func-mismatch", ob, mt, helperName(id), int32(id))
	}
	const lookup, update, del = 1, 2, 3
	if id == lookup || id == update || id == del {
		r, _ := platform.MapRules618(mt)
		if !(r.Lookup == platform.LookupInnerMap || r.Lookup == platform.LookupValue && !r.ReadOnlyProg) {
			return &merr{unsupported: true, code: "unsupported-map", ob: ob,
				msg: "map type " + mt.String() + " is not supported by this profile yet"}
		}
	}
	return nil
}

// isMapInMap says whether a lookup in map idx gives an inner map.
func (w *mwalker) isMapInMap(idx int) bool {
	r, _ := platform.MapRules618(w.maps[idx].Type)
	return r.Lookup == platform.LookupInnerMap
}
