package proof

import (
	"github.com/bpfcheck/bpfcheck/smt"
)

// Witness is a concrete input that drives the program along the path into
// the violated condition: the context's bytes, the packet, map contents and
// helper results, read from Z3's model.
type Witness struct {
	Ctx     []byte         // the context buffer as the program sees it at insn 0
	Packet  []byte         // the packet (socket filters, tc)
	Maps    []MapEntry     // elements the maps must hold
	Helpers []HelperResult // results of helpers the encoding leaves free, in call order
}

// MapEntry is one element a map must hold.
type MapEntry struct {
	Map        int
	Key, Value []byte
}

// HelperResult is the result one helper call must return.
type HelperResult struct {
	Insn   int
	Helper int32
	Ret    uint64
}

// maxWitnessPacket bounds the packet a witness carries; the solver is first
// asked for one at most preferPacket bytes long.
const (
	preferPacket     = 256
	maxWitnessPacket = 1 << 16
)

// extract reads a witness from the model of the last sat check, first
// trying for one with a short packet and the preferred fault shape.
func (e *encoder) extract(st *state, prefer smt.Term, probe smt.Term, probed *uint64) *Witness {
	c := e.c
	c.Push()
	defer c.Pop()
	p := e.pktLen.ULe(e.k64(preferPacket))
	if prefer.Valid() {
		p = p.AndB(prefer)
	}
	c.Assert(p)
	if r, _ := c.Check(); r != smt.Sat {
		c.Pop()
		c.Push()
		if r, _ := c.Check(); r != smt.Sat {
			return nil
		}
	}
	byteAt := func(arr smt.Term, i int) byte {
		v, _ := c.Value(arr.Select(e.k64(uint64(i))))
		return byte(v)
	}
	w := &Witness{}
	if probe.Valid() && probed != nil {
		*probed, _ = c.Value(probe)
	}
	ctx := e.regions[0]
	w.Ctx = make([]byte, ctx.size)
	for i := range w.Ctx {
		w.Ctx[i] = byteAt(ctx.init0, i)
	}
	if e.skb || e.modern {
		n, _ := c.Value(e.pktLen)
		if n > maxWitnessPacket {
			n = maxWitnessPacket
		}
		w.Packet = make([]byte, n)
		for i := range w.Packet {
			w.Packet[i] = byteAt(e.pkt0, i)
		}
	}
	for i := 2; i < st.nregions; i++ {
		r := e.regions[i]
		if r.k != kMapValue {
			continue
		}
		if found, _ := c.BoolValue(r.found); !found {
			continue
		}
		ent := MapEntry{Map: r.mapIdx, Key: make([]byte, len(r.key)), Value: make([]byte, r.size)}
		for j, k := range r.key {
			v, _ := c.Value(k)
			ent.Key[j] = byte(v)
		}
		for j := range ent.Value {
			ent.Value[j] = byteAt(r.init0, j)
		}
		w.Maps = append(w.Maps, ent)
	}
	for _, h := range e.helpers[:st.nhelpers] {
		v, _ := c.Value(h.ret)
		w.Helpers = append(w.Helpers, HelperResult{Insn: h.insn, Helper: h.id, Ret: v})
	}
	return w
}
