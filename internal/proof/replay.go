package proof

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Replay is what running a witness on exec's checked interpreter gave.
type Replay struct {
	Confirmed bool   // the run faulted at the obligation's instruction
	FaultInsn int    // where the run faulted (-1: it did not)
	Fault     string // the fault, or how the run ended
	R0        uint64 // the result when the run did not fault
}

// replayBudget bounds the jumps of a replay.
const replayBudget = 1 << 20

// ReplayWitness runs p on the witness's inputs in checked mode and reports
// whether it faults at insn.
func ReplayWitness(p *ir.Program, w *Witness, insn int) (*Replay, error) {
	maps, err := exec.NewMaps(p)
	if err != nil {
		return nil, err
	}
	for _, m := range w.Maps {
		if m.Map < 0 || m.Map >= len(maps) {
			continue
		}
		// A full map or a key out of an array's range cannot hold the
		// element; the replay then simply differs from the witness.
		_ = maps[m.Map].Update(m.Key, m.Value, exec.UpdateAny)
	}
	env := exec.Env{Clock: func() uint64 { return 0 }, Rand: func() uint32 { return 0 }}
	var clocks, rands []uint64
	for _, h := range w.Helpers {
		switch h.Helper {
		case hKtime:
			clocks = append(clocks, h.Ret)
		case hPrandom:
			rands = append(rands, h.Ret)
		case hCPU:
			env.CPU = uint32(h.Ret)
		case hPidTgid:
			env.Task.PID, env.Task.TGID = uint32(h.Ret), uint32(h.Ret>>32)
		case hUIDGid:
			env.Task.UID, env.Task.GID = uint32(h.Ret), uint32(h.Ret>>32)
		}
	}
	env.Clock = func() uint64 { return next(&clocks) }
	env.Rand = func() uint32 { return uint32(next(&rands)) }
	prog, err := exec.LoadChecked(p, maps, exec.Options{Env: env, Budget: replayBudget})
	if err != nil {
		return &Replay{FaultInsn: -1, Fault: "the checked interpreter refuses the program: " + err.Error()}, nil
	}
	defer prog.Close()
	r0, err := prog.Run(contextOf(p.Type, w))
	rep := &Replay{FaultInsn: -1, R0: r0}
	var re *exec.RunError
	switch {
	case errors.As(err, &re):
		rep.FaultInsn, rep.Fault = re.PC, re.Msg
		rep.Confirmed = re.PC == insn
	case err != nil:
		rep.Fault = err.Error()
	default:
		rep.Fault = fmt.Sprintf("no fault: the run returned %#x", r0)
	}
	return rep, nil
}

func next(vs *[]uint64) uint64 {
	if len(*vs) == 0 {
		return 0
	}
	v := (*vs)[0]
	*vs = (*vs)[1:]
	return v
}

// contextOf builds the context exec gives p's type from the witness bytes.
func contextOf(t ir.ProgType, w *Witness) exec.Context {
	size, _, skb := contextShape(t)
	ctx := make([]byte, size)
	copy(ctx, w.Ctx)
	u32 := func(off int) uint32 { return binary.LittleEndian.Uint32(ctx[off:]) }
	switch {
	case skb:
		s := &exec.SkBuff{Packet: w.Packet, PktType: u32(4), Mark: u32(8), QueueMapping: u32(12),
			Protocol: u32(16), VLANPresent: u32(20) != 0, VLANTCI: u32(24), VLANProto: u32(28),
			Priority: u32(32), IngressIfindex: u32(36), Ifindex: u32(40), TCIndex: u32(44), Hash: u32(68)}
		for i := range s.CB {
			s.CB[i] = u32(48 + 4*i)
		}
		for _, h := range w.Helpers {
			if h.Helper == hClassid {
				s.CgroupClassID = uint32(h.Ret)
			}
		}
		return s
	case t.String() == "xdp":
		// xdp_md: data, data_end and data_meta are the packet's addresses
		// (exec puts the witness's packet there, with no metadata).
		return &exec.XDP{Packet: w.Packet, IngressIfindex: u32(12), RxQueueIndex: u32(16), EgressIfindex: u32(20)}
	case t == ir.ProgTypeKprobe:
		var r exec.PtRegs
		for i := range r {
			r[i] = binary.LittleEndian.Uint64(ctx[8*i:])
		}
		return &r
	}
	return exec.Memory(ctx)
}
