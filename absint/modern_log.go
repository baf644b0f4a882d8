package absint

import (
	"fmt"
	"strings"

	"github.com/bpfcheck/bpfcheck/ir"
)

// String prints a register as the 6.18 log does: R1=ctx(), R0=map_value_or_null(id=1,ks=8,vs=16),
// R2=fp-8, R3=pkt(r=14), scalars by the domain's own notation.
func (w *mwalker) regString(r *mreg) string {
	switch r.t {
	case mNotInit:
		return "?"
	case mScalar:
		s := r.v.String()
		if r.id != 0 && r.flags&fAddConst != 0 {
			return fmt.Sprintf("%s(id=%d%+d)", s, r.id, r.off)
		}
		if r.id != 0 {
			if strings.HasSuffix(s, ")") {
				s = s[:len(s)-1] + fmt.Sprintf(",id=%d)", r.id)
			} else {
				s = fmt.Sprintf("%s(id=%d)", s, r.id)
			}
		}
		return s
	case mStack:
		return fmt.Sprintf("fp%d", r.off)
	}
	var parts []string
	if r.id != 0 {
		parts = append(parts, fmt.Sprintf("id=%d", r.id))
	}
	if r.ref != 0 {
		parts = append(parts, fmt.Sprintf("ref_obj_id=%d", r.ref))
	}
	if r.off != 0 {
		parts = append(parts, fmt.Sprintf("off=%d", r.off))
	}
	switch r.t {
	case mPacket, mPacketMeta:
		parts = append(parts, fmt.Sprintf("r=%d", r.rng))
	case mMapPtr, mMapValue, mMapKey:
		m := w.maps[r.aux]
		parts = append(parts, fmt.Sprintf("ks=%d,vs=%d", m.KeySize, m.ValueSize))
	case mMem:
		parts = append(parts, fmt.Sprintf("sz=%d", r.aux))
	}
	name := r.typeName()
	if r.t == mBTFID {
		name += w.btfName(r)
	}
	if c, ok := r.v.Const(); !ok || c != 0 {
		parts = append(parts, "var_off="+tnumString(r.v))
	}
	return name + "(" + strings.Join(parts, ",") + ")"
}

// stateString prints the current frame's registers and stack.
func (w *mwalker) stateString(s *mstate) string {
	var b strings.Builder
	fi := len(s.frames) - 1
	f := s.frames[fi]
	if fi > 0 {
		fmt.Fprintf(&b, "frame%d:", fi)
	}
	for r := range f.regs {
		if f.regs[r].t == mNotInit {
			continue
		}
		fmt.Fprintf(&b, " R%d=%s", r, w.regString(&f.regs[r]))
	}
	for i := range f.stack {
		s := &f.stack[i]
		off := -8 * (i + 1)
		switch {
		case s.kind[0] == sSpill:
			fmt.Fprintf(&b, " fp%d=%s", off, w.regString(&s.spill))
		case s.kind[0] == sIter:
			st := map[int32]string{iterActive: "active", iterDrained: "drained"}[s.spill.aux]
			fmt.Fprintf(&b, " fp%d=iter_num(ref_id=%d,state=%s,depth=%d)", off, s.spill.ref, st, s.spill.off)
		case s.kind != [8]uint8{}:
			var k [8]byte
			for j := range 8 {
				k[7-j] = "?mzr"[s.kind[j]]
			}
			fmt.Fprintf(&b, " fp%d=%s", off, k[:])
		}
	}
	return strings.TrimPrefix(b.String(), " ")
}

// logInsn prints instruction i and, at level 2, the state after it.
func (w *mwalker) logInsn(i int) {
	text, _ := ir.Format(w.insns, i)
	line := fmt.Sprintf("%d: %s", i, text)
	if w.logLevel >= 2 || w.insns[i].Opcode.Class().IsJump() {
		fmt.Fprintf(&w.log, "%-37s ; %s\n", line, w.stateString(w.cur))
		return
	}
	fmt.Fprintf(&w.log, "%s\n", line)
}
