package absint

import (
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TODO(h-tables): these stand in for platform's context and map tables
// until they land on main; they are replaced, not kept.

func contextFor(t platform.ProgType, p *ir.Program) (*platform.Context, bool) {
	switch t {
	case ptSocketFilter, ptSchedCLS, ptSchedACT:
		c := &platform.Context{Name: "__sk_buff", Size: 192}
		for off := 0; off < 76; off += 4 {
			c.Fields = append(c.Fields, platform.Field{Off: off, Size: 4, Read: true, Narrow: true, Write: off >= 48 && off < 68})
		}
		if t != ptSocketFilter {
			c.Fields = append(c.Fields, platform.Field{Name: "data", Off: 76, Size: 4, Read: true, Yields: platform.YieldPacket},
				platform.Field{Name: "data_end", Off: 80, Size: 4, Read: true, Yields: platform.YieldPacketEnd})
		}
		return c, true
	case ptXDP:
		c := &platform.Context{Name: "xdp_md", Size: 24, Fields: []platform.Field{
			{Name: "data", Off: 0, Size: 4, Read: true, Yields: platform.YieldPacket},
			{Name: "data_end", Off: 4, Size: 4, Read: true, Yields: platform.YieldPacketEnd},
			{Name: "data_meta", Off: 8, Size: 4, Read: true, Yields: platform.YieldPacketMeta},
			{Name: "ingress_ifindex", Off: 12, Size: 4, Read: true, Narrow: true},
			{Name: "rx_queue_index", Off: 16, Size: 4, Read: true, Narrow: true},
			{Name: "egress_ifindex", Off: 20, Size: 4, Read: true, Narrow: true},
		}}
		return c, true
	case ptKprobe:
		c := &platform.Context{Name: "pt_regs", Size: 168, ReadOnly: true}
		c.Fields = []platform.Field{{Off: 0, Size: 168, Read: true, Narrow: true}}
		return c, true
	}
	return nil, false
}

// mapInitialContents is the frozen contents of a read-only map (h-loader
// adds them to ir.Program).
func mapInitialContents(p *ir.Program, idx int) []byte { return nil }

// mapHelperCompatible is check_map_func_compatibility, for the map types
// this profile models.
func (w *mwalker) mapHelperCompatible(idx int, id platform.HelperID) *merr {
	mt := w.prog.Maps[idx].Type
	ob := Obligation{Kind: ObCallArg, Reg: 1, Want: "compatible map"}
	bad := func() *merr {
		return mfail("EINVAL", "map-func-mismatch", ob, "cannot pass map_type %d into func %s#%d", mt, helperName(id), int32(id))
	}
	const (
		lookup, update, del, tail, perfOut, perfRead = 1, 2, 3, 12, 25, 22
	)
	switch mt {
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
