package soundness

import (
	"bytes"
	"fmt"
	"math/rand"
	"sort"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/jit"
)

// budget bounds a checked run's jumps: generated loops make at most a few
// hundred, so reaching it means the program does not terminate.
const budget = 1 << 20

// outcome is what a run produced, compared across engines.
type outcome struct {
	r0       uint64
	inPacket bool // r0 was an address in the run's packet buffer; r0 is then its offset there
	err      string
	state    string // context fields, packet and maps after the run
}

// r0String prints r0, as an offset in the packet buffer when it was an
// address there.
func (o outcome) r0String() string {
	if o.inPacket {
		return fmt.Sprintf("packet buffer+%#x", o.r0)
	}
	return fmt.Sprintf("%#x", o.r0)
}

// packetOffset tells an r0 that is an address in the packet buffer [lo,
// hi] of the run from a number: exec maps that buffer afresh for a run
// (exec.Env.OnPacket), so such an r0 (a returned data or data_end) differs
// between engines and runs while its offset in the buffer does not.
func packetOffset(lo, hi, r0 uint64) (uint64, bool) {
	if lo == 0 || r0 < lo || r0 > hi {
		return r0, false
	}
	return r0 - lo, true
}

// runner is one program loaded on one engine, in checked or verified mode.
type runner struct {
	name    string
	checked bool
	prog    *exec.Program
	maps    []*exec.Map
	tails   []*exec.Program
	rand    *rand.Rand
	clock   uint64
	probe   bool
	typ     ir.ProgType
	last    exec.Context
	pkt     [2]uint64 // the last run's packet buffer (exec.Env.OnPacket)
}

// load prepares p on an engine (nil: the interpreter). With v nil it is
// loaded in checked mode. The hash map and the array are shared, so that
// map value addresses (which a program may return) agree across engines;
// each runner has its own program array.
func load(name string, p *ir.Program, v *absint.Verified, engine exec.Engine, shared []*exec.Map) (*runner, error) {
	return loadTraced(name, p, v, engine, shared, nil)
}

// loadTraced is load with an exec.Options.OnInsn hook.
func loadTraced(name string, p *ir.Program, v *absint.Verified, engine exec.Engine, shared []*exec.Map, onInsn func(int, *[16]uint64)) (*runner, error) {
	r := &runner{name: name, checked: v == nil, rand: rand.New(rand.NewSource(0)), typ: p.Type}
	maps, err := exec.NewMaps(p)
	if err != nil {
		return nil, err
	}
	maps[mapHash], maps[mapArray] = shared[mapHash], shared[mapArray]
	r.maps = maps
	env := exec.Env{
		Clock:    func() uint64 { r.clock += 1000; return r.clock },
		Rand:     func() uint32 { return r.rand.Uint32() },
		Task:     exec.Task{PID: 42, TGID: 41, UID: 1000, GID: 100, Comm: "soundness"},
		CPU:      1,
		Memory:   probeMemory{&r.probe},
		OnPacket: func(lo, hi uint64) { r.pkt = [2]uint64{lo, hi} },
	}
	opts := exec.Options{Env: env, Engine: engine, Budget: budget, OnInsn: onInsn}
	if v == nil {
		r.prog, err = exec.LoadChecked(p, maps, opts)
	} else {
		r.prog, err = exec.Load(v, maps, opts)
	}
	if err != nil {
		return nil, err
	}
	// The program array holds two small programs that return 7 and 9.
	for i, ret := range []int32{7, 9} {
		tp := &ir.Program{Name: "tail", Type: p.Type, Insns: []ir.Instruction{movImm(ir.R0, ret), exit()}}
		t, err := exec.LoadChecked(tp, nil, exec.Options{Engine: engine})
		if err != nil {
			return nil, err
		}
		r.tails = append(r.tails, t)
		if err := maps[mapProgs].SetProgram(uint32(i), t); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *runner) close() {
	r.prog.Close()
	for _, t := range r.tails {
		t.Close()
	}
}

// run executes the program on an input.
func (r *runner) run(in *Input) outcome {
	if err := in.fill(r.maps); err != nil {
		return outcome{err: "filling maps: " + err.Error()}
	}
	r.rand.Seed(in.Rand)
	r.clock, r.probe = in.Clock, in.Probe
	ctx := in.context(r.typ)
	r.last = ctx // kept until the next run, so that two runs' contexts never share an address
	r.pkt = [2]uint64{}
	r0, err := r.prog.Run(ctx)
	o := outcome{}
	o.r0, o.inPacket = packetOffset(r.pkt[0], r.pkt[1], r0)
	if err != nil {
		o.err = err.Error()
	}
	var b bytes.Buffer
	if skb, ok := ctx.(*exec.SkBuff); ok {
		fmt.Fprintf(&b, "mark=%#x tc_index=%#x cb=%x packet=%x redirects=%v ", skb.Mark, skb.TCIndex, skb.CB, skb.Packet, skb.Redirects)
	}
	keys := r.maps[mapHash].Keys()
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i], keys[j]) < 0 })
	for _, k := range keys {
		v, _ := r.maps[mapHash].Lookup(k)
		fmt.Fprintf(&b, "h[%x]=%x ", k, v)
	}
	for i := uint32(0); i < 4; i++ {
		v, _ := r.maps[mapArray].Lookup([]byte{byte(i), 0, 0, 0})
		fmt.Fprintf(&b, "a[%d]=%x ", i, v)
	}
	o.state = b.String()
	return o
}

// namedEngine is an engine to run on (nil: the interpreter).
type namedEngine struct {
	name   string
	engine exec.Engine
}

// engines lists the engines to run on: the interpreter and, where it
// exists, the JIT.
func engines(useJIT bool) []namedEngine {
	e := []namedEngine{{"interp", nil}}
	if useJIT && jit.Supported() {
		e = append(e, namedEngine{"jit", jit.Engine()})
	}
	return e
}
