package exec

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/ir"
)

// resolveMapValues turns every LD_IMM64 of a map value (PseudoMapValue:
// map imm, offset in the second slot's imm) into a plain constant, the
// address of that byte of the map's only value, the way the kernel
// resolves it at load time; both engines then run the same constant. The
// map must be an array (global data is an array of one element) and the
// offset inside its value.
func resolveMapValues(insns []ir.Instruction, maps []*Map) ([]ir.Instruction, error) {
	out := insns
	copied := false
	for i := 0; i < len(insns); i++ {
		ins := insns[i]
		if !ins.Opcode.IsLoadImm64() {
			continue
		}
		if i+1 >= len(insns) {
			break
		}
		if ins.Src != ir.PseudoMapValue {
			i++
			continue
		}
		idx, off := int(ins.Imm), uint32(insns[i+1].Imm)
		if idx < 0 || idx >= len(maps) {
			return nil, fmt.Errorf("insn %d: map %d does not exist", i, ins.Imm)
		}
		m := maps[idx]
		if m.spec.Type != ir.MapTypeArray || len(m.slab) == 0 || off >= m.spec.ValueSize {
			return nil, fmt.Errorf("insn %d: offset %d of map %q's value: not a byte of an array's first value", i, off, m.spec.Name)
		}
		if !copied {
			out, copied = append([]ir.Instruction(nil), insns...), true
		}
		pair := ir.LoadImm64(ins.Dst, ir.PseudoNone, uint64(m.valueAddr(0))+uint64(off))
		out[i], out[i+1] = pair[0], pair[1]
		i++
	}
	return out, nil
}
