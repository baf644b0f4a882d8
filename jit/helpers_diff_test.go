//go:build amd64

package jit

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
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
	{17, "get_cgroup_classid of the task", "call 17"},
	{23, "redirect", "r1 = 3\nr2 = 1\ncall 23"},
	{23, "redirect with unknown flags", "r1 = 3\nr2 = 2\ncall 23"},
	{23, "xdp_redirect", "r1 = 3\nr2 = 0\ncall 23"},
	{26, "skb_load_bytes", "r1 = r6\nr2 = 4\nr3 = r10\nr3 += -8\nr4 = 8\ncall 26\nr0 = *(u64 *)(r10 -8)"},
	{26, "skb_load_bytes past the end", "r1 = r6\nr2 = 30\nr3 = r10\nr3 += -8\nr4 = 8\ncall 26\nr7 = *(u64 *)(r10 -8)\nr0 += r7"},
	{28, "csum_diff", "*(u32 *)(r10 -8) = 0x1234\n*(u32 *)(r10 -4) = 0x5678\nr1 = r10\nr1 += -8\nr2 = 4\nr3 = r10\nr3 += -4\nr4 = 4\nr5 = 7\ncall 28"},
	{28, "csum_diff of a size not a multiple of 4", "r1 = r10\nr1 += -8\nr2 = 3\nr3 = r10\nr3 += -4\nr4 = 4\nr5 = 7\ncall 28"},
	{34, "get_hash_recalc", "r1 = r6\ncall 34"},
	{35, "get_current_task", "call 35"},
	{44, "xdp_adjust_head", "r1 = r6\nr2 = 14\ncall 44\nr7 = r0\nr2 = *(u32 *)(r6 +0)\nr0 = *(u8 *)(r2 +0)\nr0 += r7"},
	{44, "xdp_adjust_head: a read through the old data pointer faults", "r7 = *(u32 *)(r6 +0)\nr1 = r6\nr2 = 14\ncall 44\nr0 = *(u8 *)(r7 +0)"},
	{54, "xdp_adjust_meta", "r1 = r6\nr2 = -8\ncall 54\nr2 = *(u32 *)(r6 +8)\n*(u32 *)(r2 +0) = r0"},
	{54, "xdp_adjust_meta of an odd length", "r1 = r6\nr2 = -3\ncall 54"},
	{65, "xdp_adjust_tail", "r1 = r6\nr2 = -4\ncall 65"},
	{65, "xdp_adjust_tail grows", "r1 = r6\nr2 = 6\ncall 65\nr2 = *(u32 *)(r6 +4)\nr0 = *(u8 *)(r2 -1)"},
	{46, "get_socket_cookie", "r1 = r6\ncall 46"},
	{112, "probe_read_user", "r1 = r10\nr1 += -16\nr2 = 8\nr3 = 4096\ncall 112\nr0 = *(u64 *)(r10 -16)"},
	{113, "probe_read_kernel of unreadable memory", "r1 = r10\nr1 += -16\nr2 = 8\nr3 = 8192\ncall 113\nr7 = *(u64 *)(r10 -16)\nr0 += r7"},
	{114, "probe_read_user_str", "r1 = r10\nr1 += -16\nr2 = 16\nr3 = 12288\ncall 114\nr7 = *(u64 *)(r10 -16)\nr0 += r7"},
	{115, "probe_read_kernel_str truncates", "r1 = r10\nr1 += -16\nr2 = 4\nr3 = 12288\ncall 115\nr7 = *(u32 *)(r10 -16)\nr0 += r7"},
	{118, "jiffies64", "call 118"},
	{125, "ktime_get_boot_ns", "call 125"},
	{160, "ktime_get_coarse_ns", "call 160"},
	{173, "get_func_ip", "call 173"},
	{130, "ringbuf_output", "r1 = 0x6f6c6c6568 ll\n*(u64 *)(r10 -8) = r1\nr1 = map[3]\nr2 = r10\nr2 += -8\nr3 = 5\nr4 = 0\ncall 130"},
	{130, "ringbuf_output with unknown flags", "r1 = map[3]\nr2 = r10\nr2 += -8\nr3 = 5\nr4 = 4\ncall 130"},
	{131, "ringbuf_reserve and submit", "r1 = map[3]\nr2 = 16\nr3 = 0\ncall 131\nif r0 == 0x0 goto +5\n*(u64 *)(r0 +0) = 0x41\n*(u64 *)(r0 +8) = 0x42\nr1 = r0\nr2 = 0\ncall 132"},
	{132, "ringbuf_submit of a record twice faults", "r1 = map[3]\nr2 = 8\nr3 = 0\ncall 131\nr7 = r0\n*(u64 *)(r7 +0) = 1\nr1 = r7\nr2 = 0\ncall 132\nr1 = r7\nr2 = 0\ncall 132"},
	{133, "ringbuf_reserve and discard", "r1 = map[3]\nr2 = 8\nr3 = 0\ncall 131\nr1 = r0\nr2 = 0\ncall 133\nr1 = map[3]\nr2 = 0\ncall 134"},
	{131, "ringbuf_reserve of more than the ring", "r1 = map[3]\nr2 = 8192\nr3 = 0\ncall 131"},
	{134, "ringbuf_query", "r1 = map[3]\nr2 = 1\ncall 134"},
}

type helperResult struct {
	r0                uint64
	err, trace, model string
	calls, events     []string
	maps              string
}

func runHelperCase(t *testing.T, name, src string, e exec.Engine) helperResult {
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
		{Name: "rb", Type: 27, MaxEntries: 4096},
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
	maps[3].SetRingbufReader(func(b []byte) { res.events = append(res.events, fmt.Sprintf("ringbuf %q", b)) })
	var trace bytes.Buffer
	env := exec.Env{
		Clock: func() uint64 { return 1234 }, CPU: 3, Trace: &trace,
		Task:   exec.Task{PID: 10, TGID: 11, UID: 12, GID: 13, Comm: "bpfcheck", Addr: 0xffff888012345678, CgroupClassID: 31},
		Memory: memAt{4096: []byte{40, 0, 0, 0, 0, 0, 0, 1}, 12288: []byte("hello\x00junk")},
		FuncIP: 0xffffffff81000010,
		OnHelper: func(c exec.HelperCall) {
			ret := c.Ret
			if (c.ID == 1 || c.ID == 131) && ret != 0 {
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
	skb := &exec.SkBuff{Packet: pkt, CgroupClassID: 6, TunnelID: 21, TunnelRemote: 22, Hash: 0xabcd, SocketCookie: 77}
	xdp := &exec.XDP{Packet: pkt, IngressIfindex: 2}
	switch {
	case strings.HasPrefix(name, "xdp"):
		res.r0, err = prog.Run(xdp)
		res.model = fmt.Sprintf("%+v", *xdp)
	case strings.HasSuffix(name, "of the task"):
		res.r0, err = prog.Run(exec.Memory(make([]byte, 8)))
	default:
		res.r0, err = prog.Run(skb)
		res.model = fmt.Sprintf("%+v", *skb)
	}
	if err != nil {
		res.err = err.Error()
	}
	res.trace = trace.String()
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
	for base, src := range m {
		if addr >= base && addr-base+uint64(len(p)) <= uint64(len(src)) {
			copy(p, src[addr-base:])
			return nil
		}
	}
	return errors.New("fault")
}

// TestHelpersAgree runs every helper case on both engines and compares r0,
// the fault, trace output, the packet model, helper calls, perf events and
// map contents; every helper exec implements must have a case.
// runAddress matches an address of run memory in a fault message.
var runAddress = regexp.MustCompile(`0x[0-9a-f]{5,}`)

func TestHelpersAgree(t *testing.T) {
	covered := map[int32]bool{}
	for _, c := range helperCases {
		covered[c.id] = true
		a := runHelperCase(t, c.name, c.src, exec.Interpreter())
		b := runHelperCase(t, c.name, c.src, Engine())
		// Each run maps its packet afresh, so a fault names another
		// address on each engine; everything else must be equal.
		a.err, b.err = runAddress.ReplaceAllString(a.err, "ADDR"), runAddress.ReplaceAllString(b.err, "ADDR")
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
		if want, ok := helperEvents[c.name]; ok && fmt.Sprint(a.events) != want {
			t.Errorf("%s: events %v, want %s", c.name, a.events, want)
		}
		if want, ok := helperWant[c.name]; ok && a.r0 != want {
			t.Errorf("%s: r0 %#x, want %#x", c.name, a.r0, want)
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

// helperWant are the results of the later helpers' cases, from the
// kernel's definitions.
var helperWant = map[string]uint64{
	"get_cgroup_classid of the task":          31,
	"redirect":                                7, // TC_ACT_REDIRECT
	"redirect with unknown flags":             2, // TC_ACT_SHOT
	"xdp_redirect":                            4, // XDP_REDIRECT
	"skb_load_bytes":                          0x0b0a090807060504,
	"skb_load_bytes past the end":             uint64(1<<64 - 14), // -EFAULT, the buffer zeroed
	"csum_diff":                               0x444b,             // 7 + 0x5678 + ^0x1234, carry folded
	"csum_diff of a size not a multiple of 4": uint64(1<<64 - 22),
	"get_hash_recalc":                         0xabcd,
	"get_current_task":                        0xffff888012345678,
	"xdp_adjust_head":                         14,
	"xdp_adjust_meta":                         0,
	"xdp_adjust_meta of an odd length":        uint64(1<<64 - 13), // -EACCES
	"xdp_adjust_tail":                         0,
	"xdp_adjust_tail grows":                   0, // the new byte is zero
	"get_socket_cookie":                       77,
	"probe_read_user":                         0x0100000000000028,
	"probe_read_kernel of unreadable memory":  uint64(1<<64 - 14),
	"probe_read_user_str":                     6 + 0x6f6c6c6568,
	"probe_read_kernel_str truncates":         4 + 0x006c6568,
	"jiffies64":                               0,
	"ktime_get_boot_ns":                       1234,
	"ktime_get_coarse_ns":                     1234,
	"get_func_ip":                             0xffffffff81000010,
	"ringbuf_output":                          0,
	"ringbuf_output with unknown flags":       uint64(1<<64 - 22),
	"ringbuf_reserve and submit":              0,
	"ringbuf_reserve and discard":             0, // nothing left in the ring
	"ringbuf_reserve of more than the ring":   0, // NULL
	"ringbuf_query":                           4096,
}

// helperEvents are the records the ringbuf cases deliver.
var helperEvents = map[string]string{
	"ringbuf_output":              `[ringbuf "hello"]`,
	"ringbuf_reserve and submit":  `[ringbuf "A\x00\x00\x00\x00\x00\x00\x00B\x00\x00\x00\x00\x00\x00\x00"]`,
	"ringbuf_reserve and discard": `[]`,
}
