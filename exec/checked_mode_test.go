package exec

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/jit"
)

// testEngines are the engines every test here runs on.
func testEngines() []Engine {
	if jit.Supported() {
		return []Engine{Interpreter(), jit.Engine()}
	}
	return []Engine{Interpreter()}
}

// addrs matches the addresses in messages, which differ between runs.
var addrs = regexp.MustCompile(`0x[0-9a-f]{9,}`)

// runChecked runs src in checked mode on every engine and fails the test
// unless they agree; it returns the interpreter's result.
func runChecked(t *testing.T, src string, mem []byte, budget uint64) (uint64, error) {
	t.Helper()
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	var r0s []uint64
	var errs []error
	for _, e := range testEngines() {
		p, err := LoadChecked(&ir.Program{Name: "t", Insns: insns}, nil, Options{Budget: budget, Engine: e})
		if err != nil {
			return 0, err
		}
		r0, err := p.Run(Memory(append([]byte(nil), mem...)))
		p.Close()
		r0s, errs = append(r0s, r0), append(errs, err)
	}
	for i := 1; i < len(r0s); i++ {
		if r0s[i] != r0s[0] || addrs.ReplaceAllString(fmt.Sprint(errs[i]), "@") != addrs.ReplaceAllString(fmt.Sprint(errs[0]), "@") {
			t.Errorf("%q: engines disagree: %#x %v vs %#x %v", src, r0s[0], errs[0], r0s[i], errs[i])
		}
	}
	return r0s[0], errs[0]
}

func TestCheckedModeTraps(t *testing.T) {
	tests := []struct {
		name, src string
		pc        int
		msg       string
	}{
		{"a read past the memory", "r0 = *(u64 *)(r1 +4)\nexit", 0, "out-of-bounds read of 8 bytes"},
		{"a write before the memory", "*(u8 *)(r1 -1) = 1\nr0 = 0\nexit", 0, "out-of-bounds write of 1 bytes"},
		{"a read of stack nothing wrote", "*(u32 *)(r10 -8) = 1\nr0 = *(u64 *)(r10 -8)\nexit", 1, "read of uninitialised stack at fp-4"},
		{"a store above the stack", "*(u64 *)(r10 +0) = 0\nr0 = 0\nexit", 0, "out-of-bounds write"},
		{"a runaway loop", "r0 = 0\nr0 += 1\ngoto pc-2", 2, "budget of 1000 jumps exhausted"},
		{"a jump into the second half of a ld_imm64", "r0 = 0\nif r0 == 0x0 goto pc+1\nr1 = 0x100000000 ll\nexit", 3, "cannot execute opcode 0xff"},
		{"an unknown helper", "call 999\nexit", 0, "unknown helper 999"},
		{"a helper of a later kernel", "call 99\nexit", 0, "helper 99 (skc_lookup_tcp) does not run here"},
	}
	for _, tt := range tests {
		_, err := runChecked(t, tt.src, make([]byte, 8), 1000)
		var re *RunError
		if !errors.As(err, &re) || re.PC != tt.pc || !strings.Contains(re.Msg, tt.msg) {
			t.Errorf("%s: got %v, want insn %d: %s", tt.name, err, tt.pc, tt.msg)
		}
	}
}

func TestCheckedModeRejectsAtLoad(t *testing.T) {
	for _, src := range []string{".insn 0xff, 0, 0, 0, 0\nexit", ".insn 0xbf, 12, 1, 0, 0\nexit", "r1 = map[0]\nexit"} {
		if _, err := runChecked(t, src, nil, 0); err == nil {
			t.Errorf("%q loaded", src)
		}
	}
}

func TestSemantics(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want uint64
	}{
		{"32-bit results are zero-extended", "r0 = -1\n(04) (u32) r0 += (u32) 1\nr0 += -1\nexit", 0xffffffffffffffff},
		{"64-bit shifts mask the amount", "r0 = 1\nr1 = 65\nr0 <<= r1\nexit", 2},
		{"32-bit shifts mask the amount", "r0 = 1\nr1 = 33\n(6c) (u32) r0 <<= (u32) r1\nexit", 2},
		{"division by zero gives 0", "r0 = 7\nr1 = 0\nr0 /= r1\nexit", 0},
		{"modulo by zero keeps the dividend", "r0 = 7\nr1 = 0\nr0 %= r1\nexit", 7},
		{"32-bit modulo by zero keeps the 32-bit dividend", "r0 = -1\nr1 = 0\n(9c) (u32) r0 %= (u32) r1\nexit", 0xffffffff},
		{"signed division", "r0 = -7\nr0 s/= 2\nexit", 0xfffffffffffffffd},
		{"INT_MIN / -1", "r0 = 0x8000000000000000 ll\nr1 = -1\nr0 s/= r1\nexit", 0x8000000000000000},
		{"INT_MIN % -1", "r0 = 0x8000000000000000 ll\nr1 = -1\nr0 s%= r1\nexit", 0},
		{"arithmetic shift", "r0 = -16\nr0 s>>= 2\nexit", 0xfffffffffffffffc},
		{"32-bit arithmetic shift", "r0 = 0x80000000 ll\n(c4) (u32) r0 s>>= (u32) 4\nexit", 0xf8000000},
		{"to big endian 16", "r0 = 0x1234\nr0 = be16 r0\nexit", 0x3412},
		{"to little endian 32 truncates", "r0 = 0x1122334455667788 ll\nr0 = le32 r0\nexit", 0x55667788},
		{"bswap64", "r0 = 0x1122334455667788 ll\nr0 = bswap64 r0\nexit", 0x8877665544332211},
		{"movsx8", "r0 = 0x80\nr0 = (s8) r0\nexit", 0xffffffffffffff80},
		{"32-bit movsx16 zero-extends the result", "r0 = 0x8000\n(bc) (u32) r0 = (s16) (u32) r0\nexit", 0xffff8000},
		{"JMP32 compares low halves", "r0 = 0x100000001 ll\nif w0 == 0x1 goto pc+1\nr0 = 0\nexit", 0x100000001},
		{"signed JMP32", "r0 = 0x80000000 ll\nif w0 s< 0x0 goto pc+2\nr0 = 0\nexit\nr0 = 1\nexit", 1},
		{"fetch-add returns the old value", "*(u64 *)(r10 -8) = 5\nr1 = 3\nr1 = atomic_fetch_add((u64 *)(r10 -8), r1)\nr0 = *(u64 *)(r10 -8)\nr0 *= 10\nr0 += r1\nexit", 85},
		{"cmpxchg swaps when r0 matches", "*(u64 *)(r10 -8) = 5\nr0 = 5\nr1 = 9\nr0 = cmpxchg((u64 *)(r10 -8), r0, r1)\nr0 = *(u64 *)(r10 -8)\nexit", 9},
		{"xchg", "*(u32 *)(r10 -4) = 5\nr1 = 9\nr1 = xchg((u32 *)(r10 -4), r1)\nr0 = *(u32 *)(r10 -4)\nr0 *= r1\nexit", 45},
		{"local calls get their own frame and keep r6-r9", "r6 = 1\n*(u64 *)(r10 -8) = 2\ncall f\nr0 = *(u64 *)(r10 -8)\nr0 += r6\nexit\nf: *(u64 *)(r10 -8) = 100\nr6 = 50\nr0 = 0\nexit", 3},
	}
	for _, tt := range tests {
		got, err := runChecked(t, tt.src, nil, 0)
		if err != nil || got != tt.want {
			t.Errorf("%s: got %#x, %v; want %#x", tt.name, got, err, tt.want)
		}
	}
}

type fakeMemory map[uint64][]byte

func (f fakeMemory) ReadAt(p []byte, addr uint64) error {
	src, ok := f[addr]
	if !ok || len(src) < len(p) {
		return errors.New("fault")
	}
	copy(p, src)
	return nil
}

func TestHelpersOnModels(t *testing.T) {
	var trace bytes.Buffer
	insns, err := ir.Assemble(`
		*(u64 *)(r10 -8) = 0
		r1 = r10
		r1 += -8
		r2 = 8
		r3 = 4096
		call 4
		r6 = *(u64 *)(r10 -8)
		call 14
		r7 = r0
		r1 = 680997
		*(u32 *)(r10 -16) = r1
		r1 = r10
		r1 += -16
		r2 = 4
		call 6
		r0 = r6
		r0 += r7
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	env := Env{Memory: fakeMemory{4096: []byte{40, 0, 0, 0, 0, 0, 0, 0}}, Task: Task{PID: 2, TGID: 0}, Trace: &trace}
	p, err := LoadChecked(&ir.Program{Name: "h", Insns: insns}, nil, Options{Env: env})
	if err != nil {
		t.Fatal(err)
	}
	r0, err := p.Run(Memory(nil))
	if err != nil || r0 != 42 {
		t.Errorf("probe_read 40 + pid 2: got %d, %v", r0, err)
	}
	// The format "%d\n" takes its argument from r3, still 4096.
	if trace.String() != "4096\n" {
		t.Errorf("trace_printk wrote %q", trace.String())
	}
}

// TestPerfEventOutput delivers events to a Go reader through a
// perf_event_array (perf_event_output, helper 25 of the 4.4 UAPI).
func TestPerfEventOutput(t *testing.T) {
	insns, err := ir.Assemble(`
		r6 = r1
		r1 = 0x6f6c6c6568 ll
		*(u64 *)(r10 -8) = r1
		r1 = r6
		r2 = map[0]
		r3 = 0xffffffff ll
		r4 = r10
		r4 += -8
		r5 = 5
		call 25
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "perf", Insns: insns, Maps: []ir.MapSpec{{Type: ir.MapTypePerfEventArray, KeySize: 4, ValueSize: 4, MaxEntries: 4}}}
	maps, _ := NewMaps(p)
	var got [][]byte
	maps[0].SetPerfOutput(2, func(b []byte) { got = append(got, b) })
	prog, err := LoadChecked(p, maps, Options{Env: Env{CPU: 2}})
	if err != nil {
		t.Fatal(err)
	}
	r0, err := prog.Run(Memory(nil))
	if err != nil || r0 != 0 || len(got) != 1 || string(got[0]) != "hello" {
		t.Fatalf("r0 %d err %v events %q", r0, err, got)
	}
	maps[0].SetPerfOutput(2, nil)
	if r0, _ := prog.Run(Memory(nil)); r0 != negErrno(eNOENT) {
		t.Errorf("no reader: r0 %#x, want -ENOENT", r0)
	}
}

// TestLoadAcquireStoreRelease runs BPF_LOAD_ACQ and BPF_STORE_REL of every
// size on both engines: a load-acquire zero-extends like a load, and both
// are checked like the plain accesses they are on one thread.
func TestLoadAcquireStoreRelease(t *testing.T) {
	src := `r2 = 0x1234567890abcdef ll
store_release((u64 *)(r10 -8), r2)
store_release((u16 *)(r1 +0), r2)
r3 = load_acquire((u8 *)(r10 -8))
r4 = load_acquire((u16 *)(r1 +0))
r5 = load_acquire((u32 *)(r10 -8))
r0 = load_acquire((u64 *)(r10 -8))
r0 ^= r5
r0 += r4
r0 += r3
exit`
	r0, err := runChecked(t, src, make([]byte, 8), 0)
	want := (uint64(0x1234567890abcdef) ^ 0x90abcdef) + 0xcdef + 0xef
	if err != nil || r0 != want {
		t.Fatalf("r0 = %#x, %v; want %#x", r0, err, want)
	}
	if _, err := runChecked(t, "r2 = 1\nstore_release((u32 *)(r1 +6), r2)\nr0 = 0\nexit", make([]byte, 8), 0); err == nil ||
		!strings.Contains(err.Error(), "out-of-bounds write of 4 bytes") {
		t.Fatalf("a store-release past the memory: %v", err)
	}
	if _, err := runChecked(t, "r0 = load_acquire((u64 *)(r1 +4))\nexit", make([]byte, 8), 0); err == nil ||
		!strings.Contains(err.Error(), "out-of-bounds read of 8 bytes") {
		t.Fatalf("a load-acquire past the memory: %v", err)
	}
}

// TestMayGotoRefused: the engines do not model may_goto's hidden counter,
// so a program with one is refused at load, never run with a guess.
func TestMayGotoRefused(t *testing.T) {
	insns, err := ir.Assemble("may_goto +1\ngoto -2\nr0 = 0\nexit")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range testEngines() {
		p, err := LoadChecked(&ir.Program{Name: "t", Insns: insns}, nil, Options{Engine: e})
		if err == nil {
			p.Close()
			t.Fatal("a may_goto program loaded")
		}
		if !strings.Contains(err.Error(), "may_goto is not supported") {
			t.Fatalf("error %q does not say why", err)
		}
	}
}
