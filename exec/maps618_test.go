package exec_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

func globalMaps() []ir.MapSpec {
	return []ir.MapSpec{
		{Name: ".rodata", Type: ir.MapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 1, Data: ".rodata",
			Contents: []byte{7, 0, 0, 0, 9, 0, 0, 0}, Frozen: true},
		{Name: ".data", Type: ir.MapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 1, Data: ".data",
			Contents: []byte{1, 0, 0, 0, 0, 0, 0, 0}},
	}
}

// Global data: LD_IMM64 of a map value gives the address of its byte off,
// .rodata starts with its contents and is read-only, .data is written.
func TestGlobalData(t *testing.T) {
	insns, err := ir.Assemble(`
		r1 = map_value[0] +4
		r0 = *(u32 *)(r1 +0)
		r2 = map_value[1] +0
		r3 = *(u32 *)(r2 +0)
		r3 += r0
		*(u32 *)(r2 +0) = r3
		r0 = r3
		r0 &= 1
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "g", Type: progSchedCLS, Insns: insns, License: "GPL", Maps: globalMaps()}
	res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
	if err != nil || res.Verdict != absint.Accept {
		t.Fatalf("linux-6.18 does not accept it: %v %+v", err, res.Diag)
	}
	for _, checked := range []bool{false, true} {
		for _, e := range engines() {
			maps, err := exec.NewMaps(p)
			if err != nil {
				t.Fatal(err)
			}
			var prog *exec.Program
			if checked {
				prog, err = exec.LoadChecked(p, maps, exec.Options{Engine: e})
			} else {
				prog, err = exec.Load(res.Verified, maps, exec.Options{Engine: e})
			}
			if err != nil {
				t.Fatal(err)
			}
			r0, err := prog.Run(&exec.SkBuff{Packet: make([]byte, 14)})
			v, _ := maps[1].Lookup(make([]byte, 4))
			if r0 != 0 || err != nil || v[0] != 10 {
				t.Errorf("%s checked=%v: r0 %d, %v, .data %v; want 0 and .data 10 (1 + .rodata's 9)", engineName(e), checked, r0, err, v)
			}
			if err := maps[0].Update(make([]byte, 4), make([]byte, 8), exec.UpdateAny); !errors.Is(err, exec.ErrFrozen) {
				t.Errorf("an update of .rodata from Go: %v, want ErrFrozen", err)
			}
			prog.Close()
		}
	}
	// A verified program never runs on a .rodata of other contents: the
	// verifier read them as constants.
	other := globalMaps()
	other[0].Contents = []byte{7, 0, 0, 0, 8, 0, 0, 0}
	maps, _ := exec.NewMaps(&ir.Program{Maps: other})
	if _, err := exec.Load(res.Verified, maps, exec.Options{}); err == nil {
		t.Errorf("Load took a .rodata of other contents")
	}
	// Checked programs may not write .rodata, nor reach past a value.
	for _, tt := range []struct{ src, fault string }{
		{"r1 = map_value[0] +0\n*(u32 *)(r1 +0) = 1\nr0 = 0\nexit", `insn 2: write to the read-only map ".rodata"`},
		{"r1 = map_value[1] +4\nr0 = *(u64 *)(r1 +0)\nexit", "insn 2: out-of-bounds read of 8 bytes"},
	} {
		_, errs := runChecked(t, tt.src, globalMaps(), nil)
		for i, err := range errs {
			if !strings.HasPrefix(errString(err), tt.fault) {
				t.Errorf("%q (engine %d): %v; want %q", tt.src, i, err, tt.fault)
			}
		}
	}
}

// An LRU hash evicts the least recently used key when full; per-CPU maps
// hold one value (exec models one CPU).
func TestLRUAndPerCPU(t *testing.T) {
	m, err := exec.NewMap(ir.MapSpec{Name: "lru", Type: 9, KeySize: 4, ValueSize: 4, MaxEntries: 2})
	if err != nil {
		t.Fatal(err)
	}
	k := func(i byte) []byte { return []byte{i, 0, 0, 0} }
	m.Update(k(1), k(1), exec.UpdateAny)
	m.Update(k(2), k(2), exec.UpdateAny)
	m.Lookup(k(1))
	if err := m.Update(k(3), k(3), exec.UpdateAny); err != nil {
		t.Fatalf("a full LRU hash refused an update: %v", err)
	}
	if _, err := m.Lookup(k(2)); !errors.Is(err, exec.ErrKeyNotExist) {
		t.Errorf("the least recently used key 2 is still there")
	}
	if _, err := m.Lookup(k(1)); err != nil {
		t.Errorf("key 1, used last, was evicted")
	}
	h, _ := exec.NewMap(ir.MapSpec{Name: "h", Type: ir.MapTypeHash, KeySize: 4, ValueSize: 4, MaxEntries: 1})
	h.Update(k(1), k(1), exec.UpdateAny)
	if err := h.Update(k(2), k(2), exec.UpdateAny); !errors.Is(err, exec.ErrMapFull) {
		t.Errorf("a full plain hash took a new key: %v", err)
	}
	for _, typ := range []ir.MapType{5, 6, 10} {
		src := "*(u32 *)(r10 -4) = 0\n*(u32 *)(r10 -8) = 5\nr1 = map[0]\nr2 = r10\nr2 += -4\nr3 = r10\nr3 += -8\nr4 = 0\ncall 2\nr1 = map[0]\nr2 = r10\nr2 += -4\ncall 1\nif r0 == 0x0 goto +1\nr0 = *(u32 *)(r0 +0)\nexit"
		r0s, errs := runChecked(t, src, []ir.MapSpec{{Name: "pc", Type: typ, KeySize: 4, ValueSize: 4, MaxEntries: 4}}, nil)
		for i := range r0s {
			if r0s[i] != 5 || errs[i] != nil {
				t.Errorf("map type %d (engine %d): %d, %v; want the stored 5", typ, i, r0s[i], errs[i])
			}
		}
	}
}

// A ringbuf record is memory of the run until it is submitted.
func TestRingbufRecordLifetime(t *testing.T) {
	rb := []ir.MapSpec{{Name: "rb", Type: 27, MaxEntries: 4096}}
	src := "r1 = map[0]\nr2 = 8\nr3 = 0\ncall 131\nif r0 == 0x0 goto +6\nr7 = r0\n*(u64 *)(r7 +0) = 3\nr1 = r7\nr2 = 0\ncall 132\nr0 = *(u64 *)(r7 +0)\nexit"
	_, errs := runChecked(t, src, rb, nil)
	for i, err := range errs {
		if !strings.HasPrefix(errString(err), "insn 11: out-of-bounds read of 8 bytes") {
			t.Errorf("engine %d: a read of a submitted record: %v", i, err)
		}
	}
	if _, err := exec.NewMap(ir.MapSpec{Name: "rb", Type: 27, MaxEntries: 5000}); err == nil {
		t.Errorf("a ringbuf of 5000 bytes was created")
	}
}
