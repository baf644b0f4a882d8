//go:build amd64

package jit

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// helperCases call every helper exec implements (by id), a failed and a
// successful tail call, and helpers that fault, from checked programs. r6
// holds the context; fp-64..fp-1 are zero; map[0] is a hash map (8-byte
// keys and values), map[1] a prog_array whose slot 0 returns 99, map[2] a
// perf_event_array with a counter and an output at index 0.
var helperCases = []struct {
	id   int32
	name string
	src  string
}{
	{1, "map_lookup_elem finds the seeded key", "r1 = map[0]\nr2 = r10\nr2 += -8\ncall 1\nr7 = r0\nr0 = 0\nif r7 == 0x0 goto +1\nr0 = 1"},
	{2, "map_update_elem", "r1 = map[0]\nr2 = r10\nr2 += -16\n*(u64 *)(r10 -16) = 9\nr3 = r10\nr3 += -16\nr4 = 1\ncall 2"},
	{3, "map_delete_elem", "r1 = map[0]\nr2 = r10\nr2 += -8\ncall 3"},
	{4, "probe_read", "r1 = r10\nr1 += -16\nr2 = 8\nr3 = 4096\ncall 4\nr0 = *(u64 *)(r10 -16)"},
	{4, "probe_read of unreadable memory", "r1 = r10\nr1 += -16\nr2 = 8\nr3 = 8192\ncall 4"},
	{5, "ktime_get_ns", "call 5"},
	{6, "trace_printk", "r1 = 680997\n*(u32 *)(r10 -24) = r1\nr1 = r10\nr1 += -24\nr2 = 4\nr3 = 42\ncall 6"},
	{7, "get_prandom_u32", "call 7\nr7 = r0\ncall 7\nr0 ^= r7"},
	{8, "get_smp_processor_id", "call 8"},
	{9, "skb_store_bytes", "*(u32 *)(r10 -8) = 0x11223344\nr1 = r6\nr2 = 2\nr3 = r10\nr3 += -8\nr4 = 4\nr5 = 0\ncall 9"},
	{10, "l3_csum_replace", "r1 = r6\nr2 = 10\nr3 = 0x1234\nr4 = 0x4321\nr5 = 2\ncall 10"},
	{11, "l4_csum_replace", "r1 = r6\nr2 = 12\nr3 = 0x1234\nr4 = 0x4321\nr5 = 4\ncall 11"},
	{12, "a successful tail call", "r0 = 7\nr1 = r6\nr2 = map[1]\nr3 = 0\ncall 12\nr0 += 1"},
	{12, "a failed tail call keeps r0", "r0 = 7\nr1 = r6\nr2 = map[1]\nr3 = 5\ncall 12\nr0 += 1"},
	{12, "a tail call to an empty slot keeps r0", "r0 = 7\nr1 = r6\nr2 = map[1]\nr3 = 1\ncall 12\nr0 += 1"},
	{13, "clone_redirect", "r1 = r6\nr2 = 3\nr3 = 1\ncall 13"},
	{14, "get_current_pid_tgid", "call 14"},
	{15, "get_current_uid_gid", "call 15"},
	{16, "get_current_comm", "r1 = r10\nr1 += -32\nr2 = 16\ncall 16\nr0 = *(u64 *)(r10 -32)"},
	{17, "get_cgroup_classid", "r1 = r6\ncall 17"},
	{18, "skb_vlan_push", "r1 = r6\nr2 = 0x81\nr3 = 5\ncall 18"},
	{19, "skb_vlan_pop", "r1 = r6\ncall 19"},
	{20, "skb_get_tunnel_key", "r1 = r6\nr2 = r10\nr2 += -8\nr3 = 8\nr4 = 0\ncall 20\nr0 = *(u64 *)(r10 -8)"},
	{21, "skb_set_tunnel_key", "*(u64 *)(r10 -8) = 77\nr1 = r6\nr2 = r10\nr2 += -8\nr3 = 8\nr4 = 0\ncall 21"},
	{22, "perf_event_read", "r1 = map[2]\nr2 = 0\ncall 22"},
	{25, "perf_event_output", "r1 = 0x6f6c6c6568 ll\n*(u64 *)(r10 -8) = r1\nr1 = r6\nr2 = map[2]\nr3 = 0\nr4 = r10\nr4 += -8\nr5 = 5\ncall 25"},
	{1, "map_lookup_elem on a non-map faults", "r1 = 5\nr2 = r10\nr2 += -8\ncall 1"},
	{6, "trace_printk of a format outside memory faults", "r1 = 0\nr2 = 4\ncall 6"},
	{999, "an unknown helper faults", "call 999"},
	{99, "a helper exec does not run faults", "call 99"},
	{8, "callx", "r8 = 8\ncallx r8"},
}

type helperResult struct {
	r0                uint64
	err, trace, model string
	calls, events     []string
	maps              string
}

func runHelperCase(t *testing.T, src string, e exec.Engine) helperResult {
	t.Helper()
	prologue := "r6 = r1\n"
	for off := 8; off <= 64; off += 8 {
		prologue += fmt.Sprintf("*(u64 *)(r10 -%d) = 0\n", off)
	}
	insns, err := ir.Assemble(prologue + src + "\nexit")
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	target, _ := ir.Assemble("r0 = 99\nexit")
	specs := []ir.MapSpec{
		{Name: "h", Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 4},
		{Name: "progs", Type: ir.MapTypeProgArray, KeySize: 4, ValueSize: 4, MaxEntries: 2},
		{Name: "perf", Type: ir.MapTypePerfEventArray, KeySize: 4, ValueSize: 4, MaxEntries: 1},
	}
	p := &ir.Program{Name: "helper", Insns: insns, Maps: specs}
	maps, err := exec.NewMaps(p)
	if err != nil {
		t.Fatal(err)
	}
	maps[0].Update(make([]byte, 8), []byte{1, 2, 3, 4, 5, 6, 7, 8}, exec.UpdateAny)
	var res helperResult
	maps[2].SetPerfCounter(0, func() uint64 { return 4242 })
	maps[2].SetPerfOutput(0, func(b []byte) { res.events = append(res.events, string(b)) })
	var trace bytes.Buffer
	env := exec.Env{
		Clock: func() uint64 { return 1234 }, CPU: 3, Trace: &trace,
		Task:   exec.Task{PID: 10, TGID: 11, UID: 12, GID: 13, Comm: "bpfcheck"},
		Memory: memAt{4096: []byte{40, 0, 0, 0, 0, 0, 0, 1}},
		OnHelper: func(c exec.HelperCall) {
			ret := c.Ret
			if c.ID == 1 && ret != 0 {
				ret = 1 // an address, different on each run
			}
			res.calls = append(res.calls, fmt.Sprintf("%d->%#x", c.ID, ret))
		},
	}
	tp, err := exec.LoadChecked(&ir.Program{Name: "target", Insns: target}, nil, exec.Options{Engine: e})
	if err != nil {
		t.Fatal(err)
	}
	defer tp.Close()
	maps[1].SetProgram(0, tp)
	prog, err := exec.LoadChecked(p, maps, exec.Options{Env: env, Engine: e})
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	pkt := make([]byte, 32)
	for i := range pkt {
		pkt[i] = byte(i)
	}
	skb := &exec.SkBuff{Packet: pkt, CgroupClassID: 6, TunnelID: 21, TunnelRemote: 22}
	res.r0, err = prog.Run(skb)
	if err != nil {
		res.err = err.Error()
	}
	res.trace = trace.String()
	res.model = fmt.Sprintf("%+v", *skb)
	var entries []string
	for _, k := range maps[0].Keys() {
		v, _ := maps[0].Lookup(k)
		entries = append(entries, fmt.Sprintf("%x=%x", k, v))
	}
	sort.Strings(entries)
	res.maps = strings.Join(entries, " ")
	return res
}

type memAt map[uint64][]byte

func (m memAt) ReadAt(p []byte, addr uint64) error {
	src, ok := m[addr]
	if !ok || len(src) < len(p) {
		return errors.New("fault")
	}
	copy(p, src)
	return nil
}

// TestHelpersAgree runs every helper case on both engines and compares r0,
// the fault, trace output, the packet model, helper calls, perf events and
// map contents; every helper exec implements must have a case.
func TestHelpersAgree(t *testing.T) {
	covered := map[int32]bool{}
	for _, c := range helperCases {
		covered[c.id] = true
		a := runHelperCase(t, c.src, exec.Interpreter())
		b := runHelperCase(t, c.src, Engine())
		if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
			t.Errorf("%s: engines differ:\ninterp %+v\njit    %+v", c.name, a, b)
		}
		wantFault := strings.Contains(c.name, "faults")
		if (a.err != "") != wantFault {
			t.Errorf("%s: fault %q", c.name, a.err)
		}
		if strings.Contains(c.name, "keeps r0") && a.r0 != 8 {
			t.Errorf("%s: r0 %d, want 8", c.name, a.r0)
		}
		if c.name == "a successful tail call" && a.r0 != 99 {
			t.Errorf("%s: r0 %d, want the target's 99", c.name, a.r0)
		}
	}
	for _, id := range exec.Implemented {
		if !covered[int32(id)] {
			t.Errorf("helper %d (%s) has no case", id, id)
		}
	}
}
