package object

import (
	"sort"

	"github.com/cilium/ebpf/btf"
)

// structOpsTargets names what each struct_ops program implements, from
// the .struct_ops and .struct_ops.link sections: a variable of a kernel
// struct type (tcp_congestion_ops) whose function pointer members are
// relocated against the programs. The name is "struct.member".
func (f *file) structOpsTargets() map[*function]string {
	out := map[*function]string{}
	if f.btf == nil {
		return out
	}
	for _, s := range f.secs {
		if s.name != ".struct_ops" && s.name != ".struct_ops.link" {
			continue
		}
		var ds *btf.Datasec
		if err := f.btf.TypeByName(s.name, &ds); err != nil {
			continue
		}
		offs := make([]uint64, 0, len(s.rels))
		for off := range s.rels {
			offs = append(offs, off)
		}
		sort.Slice(offs, func(i, j int) bool { return offs[i] < offs[j] })
		for _, off := range offs {
			sym := f.syms[s.rels[off]]
			if int(sym.Section) >= len(f.secs) || !f.secs[sym.Section].exec {
				continue
			}
			fn := funcAt(f.secs[sym.Section], sym.Value)
			if fn == nil {
				continue
			}
			for _, vs := range ds.Vars {
				v, ok := vs.Type.(*btf.Var)
				if !ok || off < uint64(vs.Offset) || off >= uint64(vs.Offset+vs.Size) {
					continue
				}
				st, ok := btf.UnderlyingType(v.Type).(*btf.Struct)
				if !ok {
					continue
				}
				rel := uint32(off - uint64(vs.Offset))
				for _, m := range st.Members {
					if m.Offset.Bytes() == rel {
						out[fn] = st.Name + "." + m.Name
					}
				}
			}
		}
	}
	return out
}
