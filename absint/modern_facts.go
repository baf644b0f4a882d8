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

// Map types with rules of their own.
const (
	mapTypeHash          = 1
	mapTypeArray         = 2
	mapTypePercpuHash    = 5
	mapTypePercpuArray   = 6
	mapTypeLRUHash       = 9
	mapTypeLRUPercpuHash = 10
	mapTypeArrayOfMaps   = 12
	mapTypeHashOfMaps    = 13
)

// mapHelperCompatible is check_map_func_compatibility, for the map types
// this profile models.
func (w *mwalker) mapHelperCompatible(idx int, id platform.HelperID) *merr {
	mt := w.maps[idx].Type
	ob := Obligation{Kind: ObCallArg, Reg: 1, Want: "compatible map"}
	bad := func() *merr {
		return mfail("EINVAL", "map-func-mismatch", ob, "cannot pass map_type %d into func %s#%d", mt, helperName(id), int32(id))
	}
	const (
		lookup, update, del, tail, perfOut, perfRead = 1, 2, 3, 12, 25, 22
	)
	// Both directions of the kernel's table first (platform's data): a
	// map the helper does not take is refused whatever else is modelled.
	if !platform.MapHelperAllowed618(mt, id) {
		return bad()
	}
	switch mt {
	case mapTypeArrayOfMaps, mapTypeHashOfMaps:
		if id != lookup {
			return bad()
		}
		return nil
	case 1, 2, 5, 6, 9, 10, 11: // hash, array, percpu, lru, lpm
		if id == tail || id == perfOut || id == perfRead {
			return bad()
		}
		return nil
	case 3: // prog_array
		if id != tail {
			return bad()
		}
		return nil
	case 4: // perf_event_array
		switch id {
		case perfOut, perfRead, 55, 81: // perf_event_read_value, skb_output...
			return nil
		}
		return bad()
	}
	if id == lookup || id == update || id == del {
		return &merr{unsupported: true, code: "unsupported-map", ob: ob,
			msg: "map type " + mt.String() + " is not supported by this profile yet"}
	}
	return nil
}
