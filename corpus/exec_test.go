package corpus

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
	"github.com/bpfcheck/bpfcheck/jit"
)

// outcome is what running one accepted case gave.
type outcome struct {
	r0   uint64
	maps []*exec.Map
	skb  *exec.SkBuff
}

// runCase verifies a case under profile and, if accepted, runs it with
// every map holding a zero key with a zero value and a 64-byte packet
// 0x00, 0x01, ... (socket filters and tc) or a zero pt_regs (kprobes).
func runCase(t *testing.T, p *ir.Program, profile string) (*outcome, bool) {
	return runCaseOn(t, p, profile, nil)
}

func runCaseOn(t *testing.T, p *ir.Program, profile string, engine exec.Engine) (*outcome, bool) {
	res, err := absint.Verify(p, absint.Options{Profile: profile})
	if err != nil || res.Verdict != absint.Accept {
		return nil, false
	}
	for _, w := range res.Warnings {
		if w.Code == "const-jmp-unverified" {
			return nil, false // accepted as the kernel does, but unsafe: never run verified
		}
	}
	maps, err := exec.NewMaps(p)
	if err != nil {
		t.Fatalf("%s: %v", p.Name, err)
	}
	for _, m := range maps {
		s := m.Spec()
		if s.Type == ir.MapTypeHash || s.Type == ir.MapTypeArray {
			if err := m.Update(make([]byte, s.KeySize), make([]byte, s.ValueSize), exec.UpdateAny); err != nil {
				t.Fatalf("%s: seeding map: %v", p.Name, err)
			}
		}
	}
	prog, err := exec.Load(res.Verified, maps, exec.Options{Engine: engine, Env: exec.Env{Rand: func() uint32 { return 4 }, Clock: func() uint64 { return 5 }}})
	if err != nil {
		t.Fatalf("%s: %v", p.Name, err)
	}
	o := &outcome{maps: maps}
	var ctx exec.Context
	if p.Type == ir.ProgTypeKprobe {
		ctx = &exec.PtRegs{}
	} else {
		pkt := make([]byte, 64)
		for i := range pkt {
			pkt[i] = byte(i)
		}
		o.skb = &exec.SkBuff{Packet: pkt, Protocol: 8}
		ctx = o.skb
	}
	if o.r0, err = prog.Run(ctx); err != nil {
		t.Errorf("%s (%s): verified program failed to run: %v", p.Name, profile, err)
	}
	prog.Close()
	return o, true
}

// TestEnginesAgreeOnCorpus runs every accepted case on the interpreter and
// on the JIT and compares r0, map contents and the packet model.
func TestEnginesAgreeOnCorpus(t *testing.T) {
	if !jit.Supported() {
		t.Skip("no JIT on this platform")
	}
	files, _ := filepath.Glob("*/*.s")
	compared := 0
	for _, path := range files {
		p := load(t, path)
		for _, profile := range profiles {
			a, ok := runCaseOn(t, p, profile, nil)
			if !ok {
				continue
			}
			b, _ := runCaseOn(t, p, profile, jit.Engine())
			if pointerResult(p) {
				continue
			}
			if a.r0 != b.r0 {
				t.Errorf("%s (%s): r0 %#x on the interpreter, %#x on the JIT", path, profile, a.r0, b.r0)
			}
			for i := range a.maps {
				for _, k := range a.maps[i].Keys() {
					va, _ := a.maps[i].Lookup(k)
					vb, _ := b.maps[i].Lookup(k)
					if !bytes.Equal(va, vb) {
						t.Errorf("%s (%s): map %d key %x: %x vs %x", path, profile, i, k, va, vb)
					}
				}
			}
			if a.skb != nil && (!bytes.Equal(a.skb.Packet, b.skb.Packet) || a.skb.Mark != b.skb.Mark || a.skb.CB != b.skb.CB) {
				t.Errorf("%s (%s): the packet models differ", path, profile)
			}
			compared++
		}
	}
	if compared < 100 {
		t.Errorf("only %d cases compared", compared)
	}
}

// pointerResult reports programs that return or store an address, which
// differs between runs by construction.
func pointerResult(p *ir.Program) bool {
	switch p.Name {
	case "regs/return-pointer.s", "regs/return-fp.s", "mapval/store-pointer.s", "ctx/store-pointer-into-cb.s":
		return true
	}
	return false
}

// TestAcceptedCasesRun runs every case a kernel profile accepts on the
// interpreter: verified programs must run without a fault.
func TestAcceptedCasesRun(t *testing.T) {
	files, _ := filepath.Glob("*/*.s")
	ran := 0
	for _, path := range files {
		h := parseHeader(t, path, "#")
		data, _ := os.ReadFile(path)
		progs, err := object.Load(path, data, object.Options{LoadOptions: options(t, path, h.flags)})
		if err != nil {
			t.Fatal(err)
		}
		for _, profile := range profiles {
			if _, ok := runCase(t, progs[0], profile); ok {
				ran++
			}
		}
	}
	if ran < 100 {
		t.Errorf("only %d accepted (case, profile) pairs ran", ran)
	}
}

func load(t *testing.T, path string) *ir.Program {
	h := parseHeader(t, path, "#")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	progs, err := object.Load(path, data, object.Options{LoadOptions: options(t, path, h.flags)})
	if err != nil {
		t.Fatal(err)
	}
	return progs[0]
}

func value(t *testing.T, m *exec.Map, key []byte) []byte {
	v, err := m.Lookup(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCaseResults checks r0, map contents and the packet model after
// running chosen cases.
func TestCaseResults(t *testing.T) {
	zero8 := make([]byte, 8)
	tests := []struct {
		path  string
		check func(t *testing.T, o *outcome)
	}{
		{"mapval/lookup-null-checked.s", func(t *testing.T, o *outcome) {
			if v := value(t, o.maps[0], zero8); binary.LittleEndian.Uint64(v) != 1 || o.r0 != 0 {
				t.Errorf("value %x r0 %d, want 1 and 0", v, o.r0)
			}
		}},
		{"mapval/xadd-value.s", func(t *testing.T, o *outcome) {
			if v := value(t, o.maps[0], zero8); binary.LittleEndian.Uint64(v) != 1 {
				t.Errorf("value %x, want 1 after the atomic add", v)
			}
		}},
		{"helpers/update-ok.s", func(t *testing.T, o *outcome) {
			if v := value(t, o.maps[0], zero8); binary.LittleEndian.Uint64(v) != 1 || o.r0 != 0 {
				t.Errorf("value %x r0 %#x, want 1 and 0", v, o.r0)
			}
		}},
		{"helpers/delete-ok.s", func(t *testing.T, o *outcome) {
			if _, err := o.maps[0].Lookup(zero8); err != exec.ErrKeyNotExist || o.r0 != 0 {
				t.Errorf("lookup after delete: %v, r0 %#x", err, o.r0)
			}
		}},
		{"ld/abs-ok.s", func(t *testing.T, o *outcome) {
			if o.r0 != 12 {
				t.Errorf("r0 %d, want packet byte 12", o.r0)
			}
		}},
		{"ld/ind-ok.s", func(t *testing.T, o *outcome) {
			if o.r0 != 0x0e0f1011 {
				t.Errorf("r0 %#x, want the big-endian word at 14", o.r0)
			}
		}},
		{"ctx/read-len.s", func(t *testing.T, o *outcome) {
			if o.r0 != 64 {
				t.Errorf("r0 %d, want skb->len 64", o.r0)
			}
		}},
		{"ctx/tc-write-mark.s", func(t *testing.T, o *outcome) {
			if o.skb.Mark != 0 {
				t.Errorf("mark %d, want 0 written back", o.skb.Mark)
			}
		}},
		{"odd/st-into-ctx.s", func(t *testing.T, o *outcome) {
			if o.skb.CB[0] != 7 {
				t.Errorf("cb[0] %d, want 7", o.skb.CB[0])
			}
		}},
		{"helpers/skb-store-bytes.s", func(t *testing.T, o *outcome) {
			if !bytes.Equal(o.skb.Packet[12:16], []byte{0, 0, 0, 0}) || o.skb.Packet[16] != 16 {
				t.Errorf("packet %x, want four zero bytes stored at 12", o.skb.Packet[8:20])
			}
		}},
		{"regs/mov-copies-ctx.s", func(t *testing.T, o *outcome) {
			if o.r0 != 64 {
				t.Errorf("r0 %d, want skb->len", o.r0)
			}
		}},
	}
	for _, tt := range tests {
		p := load(t, tt.path)
		o, ok := runCase(t, p, "linux-4.3")
		if !ok {
			t.Errorf("%s: not accepted", tt.path)
			continue
		}
		tt.check(t, o)
	}
}
