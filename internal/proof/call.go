package proof

import (
	"github.com/bpfcheck/bpfcheck/ir"
)

// Helper ids whose results the witness forces through exec.Env.
const (
	hMapLookup   = 1
	hProbeRead   = 4
	hKtime       = 5
	hPrandom     = 7
	hCPU         = 8
	hStoreBytes  = 9
	hL3Csum      = 10
	hL4Csum      = 11
	hPidTgid     = 14
	hUIDGid      = 15
	hComm        = 16
	hClassid     = 17
	hVlanPush    = 18
	hVlanPop     = 19
	hGetTunnel   = 20
	maxArgBuffer = 512
)

// call applies a helper call: its result constrained by the prototype
// only, its writes to the stack and packet havocked, r1-r5 clobbered.
func (e *encoder) call(st *state, idx int, id int32) {
	var r0 value
	switch id {
	case hMapLookup:
		r0 = e.lookup(st, idx)
	case hKtime:
		r0 = e.forced(st, idx, id, e.fresh("ktime", 64))
	case hPrandom:
		r0 = e.forced(st, idx, id, e.fresh("prandom", 32).ZeroExt(32))
	case hCPU:
		r0 = e.forced(st, idx, id, e.cpu)
	case hPidTgid:
		r0 = e.forced(st, idx, id, e.pidTgid)
	case hUIDGid:
		r0 = e.forced(st, idx, id, e.uidGid)
	case hClassid:
		r0 = e.forced(st, idx, id, e.classid)
	default:
		r0 = value{v: e.fresh("ret", 64), init: true}
	}
	// Buffers the helper fills get unknown bytes.
	if buf, size, ok := fillArgs(id); ok {
		p := st.regs[buf]
		if n, ok := st.regs[size].v.Numeral(); ok && n <= maxArgBuffer && p.k == kStack {
			for i := 0; i < int(n); i++ {
				e.store(st, p, int16(i), 1, value{v: e.fresh("fill", 64), init: true})
			}
		} else {
			e.havoc(st) // a buffer elsewhere, or of unknown size
		}
	}
	switch {
	case id == hStoreBytes || id == hL3Csum || id == hL4Csum:
		st.mem[regPacket] = e.c.Array(e.name("pkt_after"), 64, 8)
	case id == hVlanPush || id == hVlanPop:
		st.mem[regPacket] = e.c.Array(e.name("pkt_after"), 64, 8)
		st.mem[regCtx] = e.c.Array(e.name("ctx_after"), 64, 8)
	case !knownHelper(id):
		e.havoc(st)
	}
	e.clobber(st)
	st.regs[0] = r0
}

// fillArgs names the buffer and size registers of helpers that fill a
// stack buffer.
func fillArgs(id int32) (buf, size int, ok bool) {
	switch id {
	case hProbeRead, hComm:
		return 1, 2, true
	case hGetTunnel:
		return 2, 3, true
	}
	return 0, 0, false
}

func (e *encoder) name(prefix string) string {
	e.names++
	return prefix + "_" + itoa(e.names)
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// forced records a helper result the witness sets through exec.Env.
func (e *encoder) forced(st *state, idx int, id int32, t termT) value {
	e.helpers = append(e.helpers[:st.nhelpers], helperCall{insn: idx, id: id, ret: t})
	st.nhelpers++
	return value{v: t, init: true}
}

// lookup is map_lookup_elem: NULL or a pointer to a value of the map. An
// array's lookup finds exactly the keys below max_entries; any other map's
// is free (the witness fills the map accordingly).
func (e *encoder) lookup(st *state, idx int) value {
	m := st.regs[1]
	if m.k != kMapPtr || m.reg < 0 || m.reg >= len(e.prog.Maps) {
		return value{v: e.fresh("ret", 64), init: true}
	}
	spec := e.prog.Maps[m.reg]
	key := make([]termT, spec.KeySize)
	if kp := st.regs[2]; kp.k == kStack {
		for i := range key {
			key[i] = st.mem[kp.reg].Select(kp.off.Add(e.k64(uint64(i))))
		}
	} else {
		for i := range key {
			key[i] = e.fresh("key", 8)
		}
	}
	r := region{k: kMapValue, name: "value", size: int(spec.ValueSize), mapIdx: m.reg, key: key, insn: idx}
	if spec.Type == ir.MapTypeArray && spec.KeySize == 4 {
		k32 := key[3].Concat(key[2]).Concat(key[1]).Concat(key[0])
		r.found = k32.ULt(e.c.Const(uint64(spec.MaxEntries), 32))
	} else {
		r.found = e.c.BoolVar(e.name("found"))
	}
	i, err := e.addRegion(st, r)
	if err != nil {
		return value{v: e.fresh("ret", 64), init: true}
	}
	base := e.regions[i].base
	return value{v: r.found.Ite(base, e.k64(0)), k: kMapValue, reg: i, off: e.k64(0), init: true}
}

// knownHelper reports helpers whose effect on memory the encoding models.
func knownHelper(id int32) bool {
	return id >= 1 && id <= hGetTunnel || id == 21 || id == 22 || id == 12
}

// havoc is a helper the encoding does not follow: it may write any memory
// the program can reach, so every region's contents become unknown.
func (e *encoder) havoc(st *state) {
	for i := 0; i < st.nregions; i++ {
		st.mem[i] = e.c.Array(e.name("mem_after"), 64, 8)
	}
	st.spills = [64]spill{}
}
