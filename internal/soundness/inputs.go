package soundness

import (
	"encoding/binary"
	"fmt"
	"math/rand"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Input is one run's world: the context, the packet, the maps' contents and
// what the helpers return. NewInput derives it from a seed.
type Input struct {
	Seed   int64
	Packet []byte
	Skb    exec.SkBuff // fields other than Packet
	Regs   exec.PtRegs
	Hash   map[uint64][16]byte // hash map contents, keys 0..9
	Array  [4][24]byte
	Rand   int64  // seeds get_prandom_u32
	Clock  uint64 // ktime_get_ns
	Probe  bool   // probe_read succeeds
}

// NewInput returns the input that seed determines.
func NewInput(seed int64) *Input {
	rng := rand.New(rand.NewSource(seed))
	in := &Input{Seed: seed, Hash: map[uint64][16]byte{}, Rand: rng.Int63(), Clock: rng.Uint64() >> uint(rng.Intn(64)), Probe: rng.Intn(4) != 0}
	in.Packet = make([]byte, []int{0, 1, 14, 20, 34, 60, 64, 96}[rng.Intn(8)])
	rng.Read(in.Packet)
	u := func() uint32 {
		if rng.Intn(3) == 0 {
			return []uint32{0, 1, 0xffffffff, 0x80000000}[rng.Intn(4)]
		}
		return rng.Uint32()
	}
	in.Skb = exec.SkBuff{PktType: u(), Mark: u(), QueueMapping: u(), Protocol: u(), VLANPresent: rng.Intn(2) == 0,
		VLANTCI: u(), VLANProto: u(), Priority: u(), IngressIfindex: u(), Ifindex: u(), TCIndex: u(),
		CB: [5]uint32{u(), u(), u(), u(), u()}, Hash: u(), CgroupClassID: u(), TunnelID: u(), TunnelRemote: u()}
	for i := range in.Regs {
		in.Regs[i] = uint64(u()) | uint64(u())<<32
	}
	for n := rng.Intn(9); n > 0; n-- {
		var v [16]byte
		rng.Read(v[:])
		in.Hash[uint64(rng.Intn(10))] = v
	}
	for i := range in.Array {
		rng.Read(in.Array[i][:])
	}
	return in
}

// context returns a fresh context for a program type.
func (in *Input) context(t ir.ProgType) exec.Context {
	if t == ir.ProgTypeKprobe {
		r := in.Regs
		return &r
	}
	skb := in.Skb
	skb.Packet = append([]byte(nil), in.Packet...)
	return &skb
}

// fill sets the maps (in Maps() order) to the input's contents.
func (in *Input) fill(maps []*exec.Map) error {
	h := maps[mapHash]
	for _, k := range h.Keys() {
		if err := h.Delete(k); err != nil {
			return err
		}
	}
	for k, v := range in.Hash {
		if err := h.Update(binary.LittleEndian.AppendUint64(nil, k), v[:], 0); err != nil {
			return err
		}
	}
	for i, v := range in.Array {
		if err := maps[mapArray].Update(binary.LittleEndian.AppendUint32(nil, uint32(i)), v[:], 0); err != nil {
			return err
		}
	}
	return nil
}

// String describes the input for a reproducer.
func (in *Input) String() string {
	return fmt.Sprintf("input seed %d: packet %x (%d bytes), mark %#x, cb %x, hash map %d keys, prandom seed %d, clock %d, probe_read ok %v",
		in.Seed, in.Packet, len(in.Packet), in.Skb.Mark, in.Skb.CB, len(in.Hash), in.Rand, in.Clock, in.Probe)
}

// probeMemory is probe_read's source: bytes derived from the address, or a
// fault.
type probeMemory struct{ ok *bool }

func (m probeMemory) ReadAt(p []byte, addr uint64) error {
	if !*m.ok {
		return fmt.Errorf("fault")
	}
	for i := range p {
		p[i] = byte((addr + uint64(i)) * 0x9e)
	}
	return nil
}
